package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.TransactionalSourceConnector;
import java.util.List;
import java.util.Map;

/**
 * A ListenHTTP-compatible endpoint: NiFi's PostHTTP / InvokeHTTP (or curl) POST FlowFile-v3 packages
 * or raw bodies, which become records of {@code topic}; a request is answered 200 only once Kafka has
 * its records. One task (it owns the listener).
 */
public class NiFiListenHttpSourceConnector extends TransactionalSourceConnector {

    public NiFiListenHttpSourceConnector() {
        super(NiFiListenHttpSourceTask.class, ListenHttpSourceConfig.CONFIG_DEF, ListenHttpSourceConfig::new);
    }

    /** One task: it owns the listener. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return super.taskConfigs(1);
    }
}
