package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.ConfiguredSourceConnector;

/** Pulls FlowFiles from an output port of a remote NiFi (Site-to-Site client) into a topic. */
public class NiFiSiteToSiteClientSourceConnector extends ConfiguredSourceConnector {

    public NiFiSiteToSiteClientSourceConnector() {
        super(NiFiSiteToSiteClientSourceTask.class, ClientSourceConfig.CONFIG_DEF, ClientSourceConfig::new);
    }
}
