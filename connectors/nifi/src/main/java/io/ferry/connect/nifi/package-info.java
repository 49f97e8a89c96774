/**
 * Ferry's Apache NiFi bridge: Kafka Connect plugins that move FlowFiles (attributes and content)
 * between NiFi flows and Kafka topics over the protocols NiFi itself speaks.
 *
 * <ul>
 *   <li>{@code flowfile}: the FlowFile model and the {@code application/flowfile-v3} package codec;</li>
 *   <li>{@code s2s}: the Site-to-Site wire format (data packets, chunked compression, codes, headers);</li>
 *   <li>{@code s2s.server}: Ferry as a NiFi site: input ports are source connectors, output ports are
 *       sink connectors; {@code s2s.server.site} holds the HTTP site they share;</li>
 *   <li>{@code mapping}: FlowFile ↔ record conventions of NiFi's PublishKafka / ConsumeKafka.</li>
 * </ul>
 *
 * The package itself holds what all connectors share: their base classes
 * {@link io.ferry.connect.nifi.ConfiguredSourceConnector} and {@link io.ferry.connect.nifi.ConfiguredSinkConnector}
 * (validate the properties, give every task the same) and {@link io.ferry.connect.nifi.Version}. The plugins
 * compile against {@code connect-api} only and run in Ferry or in Apache Kafka Connect.
 */
package io.ferry.connect.nifi;
