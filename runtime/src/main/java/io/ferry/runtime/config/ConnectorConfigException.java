package io.ferry.runtime.config;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/** A connector configuration with one or more invalid settings; the message lists them all. */
public class ConnectorConfigException extends ConnectException {

    private final String connector;
    private final transient List<ConfigProblem> problems;

    public ConnectorConfigException(String connector, List<ConfigProblem> problems) {
        super(message(connector, problems));
        this.connector = connector;
        this.problems = List.copyOf(problems);
    }

    /** The connector name, or null if the configuration has none. */
    public String connector() {
        return connector;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(String connector, List<ConfigProblem> problems) {
        String who = connector == null || connector.isBlank() ? "Connector configuration" : "Configuration of connector '" + connector + "'";
        return who + " has " + problems.size() + (problems.size() == 1 ? " error: " : " errors: ")
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
    }
}
