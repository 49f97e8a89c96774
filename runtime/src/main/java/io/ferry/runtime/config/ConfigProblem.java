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

    /** Every problem {@link ConfigDef#validateAll} finds in {@code props}, keys prefixed with {@code prefix}. */
    public static List<ConfigProblem> validate(ConfigDef definition, Map<String, String> props, String prefix) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : definition.validateAll(props).entrySet()) {
            for (String message : entry.getValue().errorMessages()) {
                problems.add(new ConfigProblem(prefix + entry.getKey(), message));
            }
        }
        return problems;
    }
}
