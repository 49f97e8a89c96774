package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.ConfiguredSinkConnector;

/**
 * Posts records as FlowFile-v3 packages to a NiFi ListenHTTP (what NiFi's PostHTTP does), with the
 * hold / confirm protocol when offered. A batch's offsets move only after the receiver answered 200.
 */
public class NiFiHttpSinkConnector extends ConfiguredSinkConnector {

    public NiFiHttpSinkConnector() {
        super(NiFiHttpSinkTask.class, HttpSinkConfig.CONFIG_DEF, HttpSinkConfig::new);
    }
}
