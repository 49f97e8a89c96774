package io.ferry.runtime.plugin;

import java.util.List;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * The kinds of plugin the runtime discovers, each identified by the Kafka Connect API type its
 * implementations extend. One class may be of several kinds (e.g. {@code StringConverter} is both
 * a {@link #CONVERTER} and a {@link #HEADER_CONVERTER}).
 */
public enum PluginKind {
    SOURCE_CONNECTOR(SourceConnector.class, "source connector", "Connector", "source"),
    SINK_CONNECTOR(SinkConnector.class, "sink connector", "Connector", "sink"),
    CONVERTER(Converter.class, "converter", "Converter", "converter"),
    HEADER_CONVERTER(HeaderConverter.class, "header converter", "HeaderConverter", "header_converter"),
    TRANSFORMATION(Transformation.class, "transformation", "Transformation", "transformation"),
    PREDICATE(Predicate.class, "predicate", "Predicate", "predicate"),
    CONFIG_PROVIDER(ConfigProvider.class, "config provider", "ConfigProvider", "config_provider"),
    CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY(ConnectorClientConfigOverridePolicy.class,
            "connector client config override policy", "ConnectorClientConfigOverridePolicy",
            "connector_client_config_override_policy");

    private final Class<?> baseType;
    private final String displayName;
    private final String aliasSuffix;
    private final String restType;

    PluginKind(Class<?> baseType, String displayName, String aliasSuffix, String restType) {
        this.baseType = baseType;
        this.displayName = displayName;
        this.aliasSuffix = aliasSuffix;
        this.restType = restType;
    }

    /** The Kafka Connect API type that plugins of this kind implement or extend. */
    public Class<?> baseType() {
        return baseType;
    }

    /** Human-readable name used in messages, e.g. "source connector". */
    public String displayName() {
        return displayName;
    }

    /** The suffix that may be left out of a simple class name to form an alias ("Connector"...). */
    public String aliasSuffix() {
        return aliasSuffix;
    }

    /**
     * The suffixes that may be left out, longest first: a header converter may leave out
     * "HeaderConverter" or, beyond Kafka Connect, "Converter" ({@code StringConverter} is
     * {@code String} as a header converter too).
     */
    public List<String> aliasSuffixes() {
        return this == HEADER_CONVERTER ? List.of(aliasSuffix, "Converter") : List.of(aliasSuffix);
    }

    /** True for the two connector kinds. */
    public boolean isConnector() {
        return this == SOURCE_CONNECTOR || this == SINK_CONNECTOR;
    }

    /** The plugin type as Kafka Connect's REST API names it: "source", "sink", "converter", ... */
    public String restType() {
        return restType;
    }
}
