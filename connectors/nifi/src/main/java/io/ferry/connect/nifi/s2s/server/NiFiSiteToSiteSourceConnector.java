package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.TransactionalSourceConnector;

/**
 * A NiFi input port served by Ferry: FlowFiles that NiFi (a Remote Process Group, MiNiFi or any
 * Site-to-Site client) sends to the port become records of {@code topic}. The sender's transaction
 * is confirmed only once Kafka acknowledged every record of it. Several tasks share the port.
 */
public class NiFiSiteToSiteSourceConnector extends TransactionalSourceConnector {

    public NiFiSiteToSiteSourceConnector() {
        super(NiFiSiteToSiteSourceTask.class, SiteToSiteSourceConfig.CONFIG_DEF, SiteToSiteSourceConfig::new);
    }
}
