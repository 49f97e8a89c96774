package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.Version;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A ListenHTTP-compatible endpoint: NiFi's PostHTTP / InvokeHTTP (or curl) POST FlowFile-v3 packages
 * or raw bodies, which become records of {@code topic}; a request is answered 200 only once Kafka has
 * its records. One task (it owns the listener).
 */
public class NiFiListenHttpSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new ListenHttpSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return NiFiListenHttpSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return ListenHttpSourceConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
