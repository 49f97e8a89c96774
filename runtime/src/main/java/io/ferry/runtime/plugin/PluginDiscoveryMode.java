package io.ferry.runtime.plugin;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * The worker's {@code plugin.discovery} setting, with Kafka Connect's values and meaning.
 */
public enum PluginDiscoveryMode {
    /** Scan class files only; {@code META-INF/services} manifests are not consulted. */
    ONLY_SCAN,
    /** Scan class files and read manifests; warn about plugins that lack a manifest entry. */
    HYBRID_WARN,
    /** Like {@link #HYBRID_WARN}, but a plugin without a manifest entry is an error. */
    HYBRID_FAIL,
    /** Read {@code META-INF/services} manifests only; no class files are scanned. */
    SERVICE_LOAD;

    /** The name of the worker configuration property. */
    public static final String CONFIG = "plugin.discovery";

    /** Kafka Connect's default. */
    public static final PluginDiscoveryMode DEFAULT = HYBRID_WARN;

    /** Whether this mode scans class files. */
    public boolean scansClasses() {
        return this != SERVICE_LOAD;
    }

    /** Whether this mode reads {@code META-INF/services} manifests. */
    public boolean readsManifests() {
        return this != ONLY_SCAN;
    }

    /** The configuration value, e.g. {@code hybrid_warn}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a {@code plugin.discovery} value (case-insensitive); {@code null} or blank gives the
     * default.
     *
     * @throws ConfigException naming the allowed values if {@code value} is not one of them
     */
    public static PluginDiscoveryMode parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        for (PluginDiscoveryMode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        String allowed = Arrays.stream(values()).map(PluginDiscoveryMode::configValue)
                .collect(Collectors.joining(", "));
        throw new ConfigException(CONFIG, value, "must be one of: " + allowed);
    }
}
