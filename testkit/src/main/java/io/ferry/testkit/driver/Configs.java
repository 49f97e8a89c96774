package io.ferry.testkit.driver;

import java.util.LinkedHashMap;
import java.util.Map;

/** Connector and task configurations for tests. */
public final class Configs {

    private Configs() {
    }

    /** A configuration from alternating keys and values, in the order given. */
    public static Map<String, String> config(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Keys and values must alternate: " + keysAndValues.length + " strings given");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** {@code base} with {@code keysAndValues} added or replaced (a null value removes the key). */
    public static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>(base);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                config.remove(keysAndValues[i]);
            } else {
                config.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return config;
    }
}
