package io.ferry.connect.file;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the file source and sink connectors have in common, for them to delegate to (one extends
 * {@code SourceConnector}, the other {@code SinkConnector}): the configuration is checked when the
 * connector starts and in {@code validate()}, with the {@link ConfigProblems} of its keys together,
 * and goes to one task.
 */
final class ConnectorSupport {

    private final String connector;
    private final Function<Map<String, String>, ConfigProblems> problems;
    private Map<String, String> props;

    /**
     * @param connector what the connector is, for messages ("file source")
     * @param problems  the problems of a configuration; throws a {@link ConfigException} for a value
     *                  that does not parse
     */
    ConnectorSupport(String connector, Function<Map<String, String>, ConfigProblems> problems) {
        this.connector = connector;
        this.problems = problems;
    }

    /** Keeps the configuration for the task; throws a {@link ConfigException} if it has problems. */
    void start(Map<String, String> props) {
        problems.apply(props).throwIfAny(connector);
        this.props = new HashMap<>(props);
    }

    /** One task, with the connector's configuration. */
    List<Map<String, String>> taskConfigs() {
        return List.of(new HashMap<>(props));
    }

    /**
     * {@code result}, the keys checked one by one ({@code Connector.validate}), with the problems of
     * the keys together added once every key is valid.
     */
    Config validate(Config result, Map<String, String> connectorConfigs) {
        if (result.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return result;
        }
        try {
            return problems.apply(connectorConfigs).addTo(result);
        } catch (ConfigException e) {
            return result;
        }
    }
}
