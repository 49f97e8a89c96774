package io.ferry.runtime.security;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The security rules of a connector configuration: JAAS login modules ({@link JaasPolicy}) in any
 * key, and client overrides ({@code producer.override.*}, {@code consumer.override.*},
 * {@code admin.override.*}) only as {@code connector.client.config.override.policy} allows them:
 * {@code None} (the default) none, {@code Principal} {@code security.protocol},
 * {@code sasl.jaas.config} and {@code sasl.mechanism}, {@code All} any but config providers
 * (CVE-2024-31141: a client's own {@code config.providers} could read files of the worker).
 */
public final class ConnectorSecurity {

    /** What {@code connector.client.config.override.policy=Principal} lets a connector override. */
    public static final Set<String> PRINCIPAL_KEYS = Set.of("security.protocol", JaasPolicy.SASL_JAAS_CONFIG, "sasl.mechanism");

    private static final List<String> OVERRIDE_PREFIXES = List.of(ConnectorConfig.PRODUCER_OVERRIDE_PREFIX,
            ConnectorConfig.CONSUMER_OVERRIDE_PREFIX, ConnectorConfig.ADMIN_OVERRIDE_PREFIX);

    private ConnectorSecurity() {
    }

    /** Every problem, each naming its key (sorted by key). */
    public static List<ConfigProblem> problems(Map<String, String> props, WorkerConfig worker) {
        List<ConfigProblem> problems = new ArrayList<>(JaasPolicy.problems(new TreeMap<>(props), worker.allowedLoginModules()));
        String policy = worker.clientOverridePolicy();
        for (String key : new TreeMap<>(props).keySet()) {
            for (String prefix : OVERRIDE_PREFIXES) {
                if (!key.startsWith(prefix)) {
                    continue;
                }
                String setting = key.substring(prefix.length());
                if (setting.startsWith("config.providers")) {
                    problems.add(new ConfigProblem(key, "connectors may not configure config providers of their clients"));
                } else if (policy.equals("None")) {
                    problems.add(new ConfigProblem(key, "client overrides are not allowed ("
                            + WorkerConfig.CLIENT_CONFIG_OVERRIDE_POLICY + "=None)"));
                } else if (policy.equals("Principal") && !PRINCIPAL_KEYS.contains(setting)) {
                    problems.add(new ConfigProblem(key, "only " + new java.util.TreeSet<>(PRINCIPAL_KEYS) + " may be overridden ("
                            + WorkerConfig.CLIENT_CONFIG_OVERRIDE_POLICY + "=Principal)"));
                }
            }
        }
        return problems;
    }
}
