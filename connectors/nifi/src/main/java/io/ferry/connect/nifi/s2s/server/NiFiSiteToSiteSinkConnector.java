package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.ConfiguredSinkConnector;

/**
 * A NiFi output port served by Ferry: NiFi pulls the records of the connector's topics as
 * FlowFiles. A record's offset is committed only after the receiver confirmed the checksum of the
 * transaction that carried it; unconfirmed FlowFiles are sent again.
 */
public class NiFiSiteToSiteSinkConnector extends ConfiguredSinkConnector {

    public NiFiSiteToSiteSinkConnector() {
        super(NiFiSiteToSiteSinkTask.class, SiteToSiteSinkConfig.CONFIG_DEF, SiteToSiteSinkConfig::new);
    }
}
