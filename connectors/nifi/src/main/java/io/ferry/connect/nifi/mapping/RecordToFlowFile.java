package io.ferry.connect.nifi.mapping;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a sink record into a FlowFile the way ConsumeKafka would: the value as content (empty and
 * {@code kafka.tombstone=true} for null), selected headers as attributes (optionally prefixed), and
 * {@code kafka.topic}, {@code kafka.partition}, {@code kafka.offset}, {@code kafka.timestamp},
 * {@code kafka.key} and {@code kafka.header.count}.
 */
public final class RecordToFlowFile {

    private final AttributeFilter headers;
    private final String prefix;
    private final KeyEncoding keyEncoding;

    public RecordToFlowFile(AttributeFilter headers, String prefix, KeyEncoding keyEncoding) {
        this.headers = headers;
        this.prefix = prefix == null ? "" : prefix;
        this.keyEncoding = keyEncoding;
    }

    public FlowFile toFlowFile(SinkRecord record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int headerCount = 0;
        for (Header header : record.headers()) {
            headerCount++;
            if (headers.accepts(header.key())) {
                attributes.put(prefix + header.key(), ValueText.text(header.value()));
            }
        }
        attributes.put(KafkaAttributes.TOPIC, record.topic());
        if (record.kafkaPartition() != null) {
            attributes.put(KafkaAttributes.PARTITION, String.valueOf(record.kafkaPartition()));
        }
        attributes.put(KafkaAttributes.OFFSET, String.valueOf(record.kafkaOffset()));
        if (record.timestamp() != null) {
            attributes.put(KafkaAttributes.TIMESTAMP, String.valueOf(record.timestamp()));
        }
        String key = encodeKey(record.key());
        if (key != null) {
            attributes.put(KafkaAttributes.KEY, key);
        }
        attributes.put(KafkaAttributes.HEADER_COUNT, String.valueOf(headerCount));
        if (record.value() == null) {
            attributes.put(KafkaAttributes.TOMBSTONE, "true");
            return new FlowFile(attributes, new byte[0]);
        }
        return new FlowFile(attributes, ValueText.bytes(record.value()));
    }

    /**
     * Maps {@code records} in order and hands the FlowFiles to {@code send} in batches of at most {@code batchSize};
     * the list is reused, so {@code send} must not keep it.
     */
    public void forEachBatch(Collection<SinkRecord> records, int batchSize, Consumer<List<FlowFile>> send) {
        List<FlowFile> batch = new ArrayList<>(Math.min(records.size(), batchSize));
        for (SinkRecord record : records) {
            batch.add(toFlowFile(record));
            if (batch.size() == batchSize) {
                send.accept(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            send.accept(batch);
        }
    }

    private String encodeKey(Object key) {
        if (key == null || keyEncoding == KeyEncoding.DO_NOT_ADD) {
            return null;
        }
        if (keyEncoding == KeyEncoding.HEX) {
            return HexFormat.of().formatHex(ValueText.bytes(key));
        }
        return ValueText.text(key);
    }
}
