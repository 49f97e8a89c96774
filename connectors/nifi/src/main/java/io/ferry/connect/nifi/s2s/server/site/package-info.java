/**
 * A NiFi site served over HTTP (Site-to-Site transport protocol version 1), shared by every connector
 * configured with the same listener: {@link io.ferry.connect.nifi.s2s.server.site.SiteRegistry} keeps one
 * reference-counted {@link io.ferry.connect.nifi.s2s.server.site.Site} per listener. Connector tasks register
 * ports: an input port delivers confirmed FlowFiles to an {@link io.ferry.connect.nifi.handoff.InboundSink},
 * an output port takes batches from an {@link io.ferry.connect.nifi.s2s.server.site.OutboundSource}.
 *
 * <p>Nothing here depends on Kafka Connect. Locks: a {@code Transaction}'s monitor may be held while calling
 * into {@code Ports} or an {@code OutboundSource}, never the other way round.
 */
package io.ferry.connect.nifi.s2s.server.site;
