/**
 * Ferry as a NiFi site (Site-to-Site over HTTP, server side). {@link
 * io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceConnector}: an input port whose FlowFiles become records
 * of a topic; a transaction is confirmed to the sender only once Kafka acknowledged its records. {@link
 * io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSinkConnector}: an output port serving a topic's records;
 * offsets are committed only for FlowFiles whose transaction the receiver confirmed. Connectors with the same
 * {@code nifi.site.listener} share one site ({@code site} sub-package).
 */
package io.ferry.connect.nifi.s2s.server;
