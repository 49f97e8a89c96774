package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugin.LoaderSwap;
import io.ferry.runtime.plugin.PluginDesc;
import io.ferry.runtime.plugin.PluginKind;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.schedule.Schedules;
import io.ferry.runtime.security.AllowedPaths;
import io.ferry.runtime.security.ConnectorSecurity;
import io.ferry.runtime.security.Redactor;
import io.ferry.runtime.transforms.TransformationChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Checks a connector configuration before the worker accepts it, collecting every problem: the
 * runtime's keys, the connector, converter, transformation and predicate classes, the
 * transformations' and predicates' own settings, the sink topics, the folders file connectors may use
 * ({@link AllowedPaths}), and the connector's own {@code validate()}. Config provider references are resolved first.
 */
final class ConnectorValidator {

    /** A valid configuration: resolved, parsed, with the connector plugin. */
    record Validated(ConnectorConfig config, PluginDesc connector) {
    }

    private final Plugins plugins;
    private final ConfigProviders providers;
    private final WorkerConfig worker;
    private final AllowedPaths paths;

    ConnectorValidator(Plugins plugins, ConfigProviders providers, WorkerConfig worker) {
        this.plugins = plugins;
        this.providers = providers;
        this.worker = worker;
        this.paths = AllowedPaths.of(worker);
    }

    /**
     * @param raw the configuration as given (with config provider references)
     * @throws ConnectorConfigException listing every problem
     */
    Validated validate(Map<String, String> raw) {
        String name = raw.get(ConnectorConfig.NAME);
        Map<String, String> props;
        try {
            props = providers.transform(raw);
        } catch (ConnectException e) {
            throw new ConnectorConfigException(name, List.of(new ConfigProblem("${...}", e.getMessage())));
        }
        Redactor.registerSecrets(raw, props);
        List<ConfigProblem> problems = new ArrayList<>(ConnectorConfig.problems(props));
        problems.addAll(ConnectorSecurity.problems(props, worker));
        problems.addAll(Schedules.problems(props));
        PluginDesc connector = null;
        String className = props.get(ConnectorConfig.CONNECTOR_CLASS);
        if (className != null && !className.isBlank()) {
            try {
                connector = plugins.resolveConnector(className);
            } catch (ConnectException e) {
                problems.add(new ConfigProblem(ConnectorConfig.CONNECTOR_CLASS, e.getMessage()));
            }
        }
        problems.addAll(paths.problems(connector == null ? className : connector.className(), props));
        checkClass(props, ConnectorConfig.KEY_CONVERTER, PluginKind.CONVERTER, problems);
        checkClass(props, ConnectorConfig.VALUE_CONVERTER, PluginKind.CONVERTER, problems);
        checkClass(props, ConnectorConfig.HEADER_CONVERTER, PluginKind.HEADER_CONVERTER, problems);
        if (!problems.isEmpty()) {
            throw new ConnectorConfigException(name, problems);
        }
        ConnectorConfig config = ConnectorConfig.parse(props);
        problems.addAll(connector.kind() == PluginKind.SINK_CONNECTOR ? config.sinkProblems() : config.sourceProblems());
        problems.addAll(TransformationChain.validate(config, plugins));
        problems.addAll(connectorProblems(connector, config, props));
        if (!problems.isEmpty()) {
            throw new ConnectorConfigException(name, problems);
        }
        return new Validated(config, connector);
    }

    private void checkClass(Map<String, String> props, String key, PluginKind kind, List<ConfigProblem> problems) {
        String value = props.get(key);
        if (value != null && !value.isBlank()) {
            try {
                plugins.resolve(kind, value);
            } catch (ConnectException e) {
                problems.add(new ConfigProblem(key, e.getMessage()));
            }
        }
    }

    /** What the connector's own {@code validate()} reports. */
    @SuppressWarnings("try")
    private List<ConfigProblem> connectorProblems(PluginDesc desc, ConnectorConfig config, Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        try (LoaderSwap swap = LoaderSwap.to(desc.loader())) {
            Connector connector = plugins.newInstance(desc, Connector.class);
            Redactor.registerDefinition(connector.config());
            Redactor.registerSecrets(props, props);
            Config result = connector.validate(paths.inject(connector.config(), props));
            if (result != null) {
                for (ConfigValue value : result.configValues()) {
                    for (String message : value.errorMessages()) {
                        problems.add(new ConfigProblem(value.name(), message));
                    }
                }
            }
            if (connector instanceof SourceConnector source) {
                problems.addAll(ExactlyOnceChecks.problems(source, config, props, worker.exactlyOnceSourceEnabled()));
            }
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem(ConnectorConfig.CONNECTOR_CLASS, desc.className() + " failed to validate the configuration: " + e));
        }
        return problems;
    }
}
