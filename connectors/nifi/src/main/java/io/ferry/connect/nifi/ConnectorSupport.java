package io.ferry.connect.nifi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * What {@link ConfiguredSourceConnector} and {@link ConfiguredSinkConnector} do alike; they extend different
 * Kafka Connect classes, so both delegate here. The properties are parsed once to validate them, kept, and
 * given unchanged to every task.
 */
final class ConnectorSupport {

    private final Class<? extends Task> taskClass;
    private final ConfigDef definition;
    private final Function<Map<String, String>, ? extends AbstractConfig> parser;
    private Map<String, String> props;

    ConnectorSupport(Class<? extends Task> taskClass, ConfigDef definition,
            Function<Map<String, String>, ? extends AbstractConfig> parser) {
        this.taskClass = taskClass;
        this.definition = definition;
        this.parser = parser;
    }

    /** Keeps {@code props} once the parser accepted them (it throws a {@code ConfigException} otherwise). */
    void start(Map<String, String> props) {
        parser.apply(props);
        this.props = props;
    }

    Class<? extends Task> taskClass() {
        return taskClass;
    }

    /** The properties of {@link #start}, once for each of {@code maxTasks} tasks. */
    List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    ConfigDef config() {
        return definition;
    }
}
