package io.ferry.connect.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Problems of a connector configuration that a single key's validator cannot see (several keys
 * together, the file system), each attached to the key it concerns.
 */
public final class ConfigProblems {

    private final Map<String, List<String>> byKey = new LinkedHashMap<>();

    /** Records a problem with {@code key}; the message should name the key. */
    public void add(String key, String message) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public Map<String, List<String>> byKey() {
        return byKey;
    }

    /** Throws a {@link ConfigException} listing every problem, if there is any. */
    public void throwIfAny(String connector) {
        if (byKey.isEmpty()) {
            return;
        }
        List<String> messages = new ArrayList<>();
        byKey.values().forEach(messages::addAll);
        throw new ConfigException("Invalid " + connector + " configuration: " + String.join("; ", messages));
    }

    /** Adds the problems to the matching values of a {@code validate()} result. */
    public Config addTo(Config config) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        config.configValues().forEach(v -> values.put(v.name(), v));
        byKey.forEach((key, messages) -> {
            ConfigValue value = values.computeIfAbsent(key, ConfigValue::new);
            messages.forEach(value::addErrorMessage);
        });
        return new Config(new ArrayList<>(values.values()));
    }
}
