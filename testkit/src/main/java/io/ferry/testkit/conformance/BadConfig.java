package io.ferry.testkit.conformance;

import java.util.Map;

/**
 * A configuration {@code validate()} must reject, and the key its error must be reported on.
 *
 * @param config the whole configuration, bad in one key
 * @param key    the key whose {@code ConfigValue} must carry an error message
 */
public record BadConfig(Map<String, String> config, String key) {

    public BadConfig {
        config = Map.copyOf(config);
    }
}
