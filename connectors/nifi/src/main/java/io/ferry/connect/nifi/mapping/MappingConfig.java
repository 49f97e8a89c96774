package io.ferry.connect.nifi.mapping;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The mapping keys, named as NiFi's Stateless Kafka Connector named them. Sources (FlowFile to
 * record) use the first group, sinks (record to FlowFile) the second.
 */
public final class MappingConfig {

    private static final String GROUP = "Mapping";

    // FlowFile -> record
    public static final String TOPIC_NAME_ATTRIBUTE = "topic.name.attribute";
    public static final String KEY_ATTRIBUTE = "key.attribute";
    public static final String HEADER_ATTRIBUTE_REGEX = "header.attribute.regex";
    public static final String HEADER_ATTRIBUTE_EXCLUDE_REGEX = "header.attribute.exclude.regex";

    // record -> FlowFile
    public static final String HEADERS_AS_ATTRIBUTES_REGEX = "headers.as.attributes.regex";
    public static final String HEADERS_AS_ATTRIBUTES_EXCLUDE_REGEX = "headers.as.attributes.exclude.regex";
    public static final String ATTRIBUTE_PREFIX = "attribute.prefix";
    public static final String KEY_ATTRIBUTE_ENCODING = "key.attribute.encoding";

    private static final ConfigDef.Validator REGEX = (name, value) -> {
        try {
            Pattern.compile((String) value);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "not a regular expression: " + e.getDescription());
        }
    };

    private static final ConfigDef.Validator KEY_ENCODING = (name, value) -> {
        try {
            KeyEncoding.parse((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    };

    private MappingConfig() {
    }

    /** Adds the keys of FlowFile-to-record mapping to {@code def}. */
    public static ConfigDef defineFlowFileToRecord(ConfigDef def) {
        int order = 100;
        return def
                .define(TOPIC_NAME_ATTRIBUTE, Type.STRING, "", Importance.MEDIUM,
                        "An attribute naming the topic of each FlowFile; FlowFiles without it go to 'topic'. Empty: always 'topic'.",
                        GROUP, order++, ConfigDef.Width.MEDIUM, TOPIC_NAME_ATTRIBUTE)
                .define(KEY_ATTRIBUTE, Type.STRING, KafkaAttributes.KEY, Importance.MEDIUM,
                        "The attribute whose value (UTF-8) becomes the record key; FlowFiles without it get a null key. Empty: no keys.",
                        GROUP, order++, ConfigDef.Width.MEDIUM, KEY_ATTRIBUTE)
                .define(HEADER_ATTRIBUTE_REGEX, Type.STRING, ".*", REGEX, Importance.MEDIUM,
                        "Attributes whose names match this regex become record headers (string values). Empty: none.",
                        GROUP, order++, ConfigDef.Width.MEDIUM, HEADER_ATTRIBUTE_REGEX)
                .define(HEADER_ATTRIBUTE_EXCLUDE_REGEX, Type.STRING, "", REGEX, Importance.LOW,
                        "Attributes whose names match this regex never become headers. Empty: exclude nothing.",
                        GROUP, order, ConfigDef.Width.MEDIUM, HEADER_ATTRIBUTE_EXCLUDE_REGEX);
    }

    /** Adds the keys of record-to-FlowFile mapping to {@code def}. */
    public static ConfigDef defineRecordToFlowFile(ConfigDef def) {
        int order = 200;
        return def
                .define(HEADERS_AS_ATTRIBUTES_REGEX, Type.STRING, ".*", REGEX, Importance.MEDIUM,
                        "Record headers whose names match this regex become FlowFile attributes. Empty: none.",
                        GROUP, order++, ConfigDef.Width.MEDIUM, HEADERS_AS_ATTRIBUTES_REGEX)
                .define(HEADERS_AS_ATTRIBUTES_EXCLUDE_REGEX, Type.STRING, "", REGEX, Importance.LOW,
                        "Record headers whose names match this regex never become attributes. Empty: exclude nothing.",
                        GROUP, order++, ConfigDef.Width.MEDIUM, HEADERS_AS_ATTRIBUTES_EXCLUDE_REGEX)
                .define(ATTRIBUTE_PREFIX, Type.STRING, "", Importance.LOW,
                        "A prefix for the attribute names made from headers (not for the kafka.* attributes).",
                        GROUP, order++, ConfigDef.Width.SHORT, ATTRIBUTE_PREFIX)
                .define(KEY_ATTRIBUTE_ENCODING, Type.STRING, KeyEncoding.UTF8.configValue(), KEY_ENCODING, Importance.LOW,
                        "How the record key becomes the kafka.key attribute: utf-8, hex or do-not-add.",
                        GROUP, order, ConfigDef.Width.SHORT, KEY_ATTRIBUTE_ENCODING);
    }

    /** The FlowFile-to-record mapping of a parsed configuration. */
    public static FlowFileToRecord flowFileToRecord(AbstractConfig config, String defaultTopic) {
        return new FlowFileToRecord(defaultTopic, config.getString(TOPIC_NAME_ATTRIBUTE), config.getString(KEY_ATTRIBUTE),
                new AttributeFilter(config.getString(HEADER_ATTRIBUTE_REGEX), config.getString(HEADER_ATTRIBUTE_EXCLUDE_REGEX)));
    }

    /** The record-to-FlowFile mapping of a parsed configuration. */
    public static RecordToFlowFile recordToFlowFile(AbstractConfig config) {
        return new RecordToFlowFile(
                new AttributeFilter(config.getString(HEADERS_AS_ATTRIBUTES_REGEX), config.getString(HEADERS_AS_ATTRIBUTES_EXCLUDE_REGEX)),
                config.getString(ATTRIBUTE_PREFIX), KeyEncoding.parse(config.getString(KEY_ATTRIBUTE_ENCODING)));
    }

    /** Only for tests and tools: the FlowFile-to-record mapping with these settings. */
    public static FlowFileToRecord flowFileToRecord(Map<String, String> settings, String defaultTopic) {
        return flowFileToRecord(new AbstractConfig(defineFlowFileToRecord(new ConfigDef()), settings), defaultTopic);
    }

    /** Only for tests and tools: the record-to-FlowFile mapping with these settings. */
    public static RecordToFlowFile recordToFlowFile(Map<String, String> settings) {
        return recordToFlowFile(new AbstractConfig(defineRecordToFlowFile(new ConfigDef()), settings));
    }
}
