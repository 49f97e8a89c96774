package io.ferry.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * One invalid setting.
 *
 * @param key     the configuration key
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }

    /**
     * The problems {@link ConfigDef#validateAll} finds in {@code props}, one per key (the first:
     * a value that does not parse is not also reported as missing), keys prefixed with {@code prefix}.
     */
    public static List<ConfigProblem> validate(ConfigDef definition, Map<String, String> props, String prefix) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : definition.validateAll(props).entrySet()) {
            List<String> messages = entry.getValue().errorMessages();
            if (!messages.isEmpty()) {
                problems.add(new ConfigProblem(prefix + entry.getKey(), messages.get(0)));
            }
        }
        return problems;
    }
}
