package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.ConfiguredSinkConnector;

/** Pushes records as FlowFiles to an input port of a remote NiFi (Site-to-Site client). */
public class NiFiSiteToSiteClientSinkConnector extends ConfiguredSinkConnector {

    public NiFiSiteToSiteClientSinkConnector() {
        super(NiFiSiteToSiteClientSinkTask.class, ClientSinkConfig.CONFIG_DEF, ClientSinkConfig::new);
    }
}
