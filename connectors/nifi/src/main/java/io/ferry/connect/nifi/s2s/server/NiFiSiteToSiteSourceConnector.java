package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A NiFi input port served by Ferry: FlowFiles that NiFi (a Remote Process Group, MiNiFi or any
 * Site-to-Site client) sends to the port become records of {@code topic}. The sender's transaction
 * is confirmed only once Kafka acknowledged every record of it. Several tasks share the port.
 */
public class NiFiSiteToSiteSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new SiteToSiteSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return NiFiSiteToSiteSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SiteToSiteSourceConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
