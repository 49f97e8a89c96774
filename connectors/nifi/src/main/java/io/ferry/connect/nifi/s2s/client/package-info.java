/**
 * Ferry as a Site-to-Site client of a remote NiFi, with NiFi's own client library:
 * {@link io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSinkConnector} pushes records to a remote input
 * port (a batch's offsets move only after NiFi confirmed its transaction);
 * {@link io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSourceConnector} pulls from a remote output port
 * and confirms each transaction to NiFi only once Kafka acknowledged its records.
 */
package io.ferry.connect.nifi.s2s.client;
