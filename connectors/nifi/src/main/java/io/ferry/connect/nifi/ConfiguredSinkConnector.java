package io.ferry.connect.nifi;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A sink connector of this plugin, defined by its task class and configuration: {@link #start} validates the
 * properties, every task gets them unchanged. Shares its logic with {@link ConfiguredSourceConnector} through
 * {@code ConnectorSupport}.
 */
public abstract class ConfiguredSinkConnector extends SinkConnector {

    private final ConnectorSupport support;

    /**
     * For the subclass's public no-argument constructor, the one Kafka Connect calls.
     *
     * @param taskClass  the connector's task
     * @param definition the configuration keys ({@link #config()})
     * @param parser     the configuration's constructor, which validates the properties
     */
    protected ConfiguredSinkConnector(Class<? extends Task> taskClass, ConfigDef definition,
            Function<Map<String, String>, ? extends AbstractConfig> parser) {
        support = new ConnectorSupport(taskClass, definition, parser);
    }

    @Override
    public void start(Map<String, String> props) {
        support.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return support.taskClass();
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return support.taskConfigs(maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return support.config();
    }

    @Override
    public String version() {
        return Version.get();
    }
}
