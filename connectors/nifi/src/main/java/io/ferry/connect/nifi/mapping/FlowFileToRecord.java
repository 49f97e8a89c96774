package io.ferry.connect.nifi.mapping;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a FlowFile into a source record the way PublishKafka would publish it: content as a BYTES
 * value (null for a {@code kafka.tombstone=true} FlowFile with no content), key and topic from
 * attributes, selected attributes as string headers.
 */
public final class FlowFileToRecord {

    private final String defaultTopic;
    private final String topicAttribute;
    private final String keyAttribute;
    private final AttributeFilter headers;

    public FlowFileToRecord(String defaultTopic, String topicAttribute, String keyAttribute, AttributeFilter headers) {
        this.defaultTopic = defaultTopic;
        this.topicAttribute = emptyToNull(topicAttribute);
        this.keyAttribute = emptyToNull(keyAttribute);
        this.headers = headers;
    }

    /** The record of {@code flowFile}, with the given source partition and offset (either may be null). */
    public SourceRecord toRecord(FlowFile flowFile, Map<String, ?> sourcePartition, Map<String, ?> sourceOffset) {
        Map<String, String> attributes = flowFile.attributes();
        String topic = defaultTopic;
        if (topicAttribute != null) {
            String named = attributes.get(topicAttribute);
            if (named != null && !named.isBlank()) {
                topic = named;
            }
        }
        String key = keyAttribute == null ? null : attributes.get(keyAttribute);
        boolean tombstone = flowFile.size() == 0 && "true".equalsIgnoreCase(attributes.get(KafkaAttributes.TOMBSTONE));
        ConnectHeaders recordHeaders = new ConnectHeaders();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (headers.accepts(attribute.getKey())) {
                recordHeaders.addString(attribute.getKey(), attribute.getValue());
            }
        }
        return new SourceRecord(sourcePartition, sourceOffset, topic, null,
                Schema.OPTIONAL_STRING_SCHEMA, key,
                Schema.OPTIONAL_BYTES_SCHEMA, tombstone ? null : flowFile.content(),
                null, recordHeaders);
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
