package io.ferry.connect.nifi.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** PublishKafka / ConsumeKafka conventions in both directions. */
class MappingTest {

    private static Map<String, String> attributes(String... keysAndValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            attributes.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return attributes;
    }

    private static Map<String, Object> headers(SourceRecord record) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    @Test
    void keyTopicAndHeadersComeFromAttributes() {
        FlowFileToRecord mapping = MappingConfig.flowFileToRecord(Map.of("topic.name.attribute", "route",
                "header.attribute.regex", ".*", "header.attribute.exclude.regex", "uuid|path"), "default-topic");
        FlowFile flowFile = FlowFile.of(attributes("uuid", "u-1", "path", "./", "filename", "f.txt", "kafka.key", "k-1", "route", "routed"), "data");

        SourceRecord record = mapping.toRecord(flowFile, null, null);

        assertThat(record.topic()).isEqualTo("routed");
        assertThat(record.key()).isEqualTo("k-1");
        assertThat(record.keySchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(record.valueSchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).isEqualTo("data");
        assertThat(headers(record)).containsOnlyKeys("filename", "kafka.key", "route");
    }

    @Test
    void defaultsUseKafkaKeyAndTheConfiguredTopic() {
        FlowFileToRecord mapping = MappingConfig.flowFileToRecord(Map.of(), "events");

        SourceRecord withoutKey = mapping.toRecord(FlowFile.of(attributes("filename", "f"), "x"), null, null);
        SourceRecord tombstone = mapping.toRecord(new FlowFile(attributes("kafka.key", "gone", "kafka.tombstone", "true"), new byte[0]), null, null);

        assertThat(withoutKey.topic()).isEqualTo("events");
        assertThat(withoutKey.key()).isNull();
        assertThat(tombstone.key()).isEqualTo("gone");
        assertThat(tombstone.value()).isNull();
    }

    @Test
    void noHeadersWhenTheRegexIsEmpty() {
        FlowFileToRecord mapping = MappingConfig.flowFileToRecord(Map.of("header.attribute.regex", "", "key.attribute", ""), "t");

        SourceRecord record = mapping.toRecord(FlowFile.of(attributes("kafka.key", "k"), "x"), null, null);

        assertThat(record.headers().isEmpty()).isTrue();
        assertThat(record.key()).isNull();
    }

    @Test
    void recordsBecomeFlowFilesWithConsumeKafkaAttributes() {
        RecordToFlowFile mapping = MappingConfig.recordToFlowFile(Map.of("attribute.prefix", "h.",
                "headers.as.attributes.exclude.regex", "secret"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("origin", "svc");
        headers.addString("secret", "no");
        headers.addBytes("raw", "bytes".getBytes(StandardCharsets.UTF_8));
        SinkRecord record = new SinkRecord("orders", 2, Schema.STRING_SCHEMA, "order-7", Schema.BYTES_SCHEMA,
                "{\"id\":7}".getBytes(StandardCharsets.UTF_8), 41, 1_700_000_000_123L, TimestampType.CREATE_TIME, headers);

        FlowFile flowFile = mapping.toFlowFile(record);

        assertThat(flowFile.attributes()).containsExactly(
                Map.entry("h.origin", "svc"), Map.entry("h.raw", "bytes"),
                Map.entry("kafka.topic", "orders"), Map.entry("kafka.partition", "2"), Map.entry("kafka.offset", "41"),
                Map.entry("kafka.timestamp", "1700000000123"), Map.entry("kafka.key", "order-7"),
                Map.entry("kafka.header.count", "3"));
        assertThat(new String(flowFile.content(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
    }

    @Test
    void nullValuesAreTombstonesAndKeysCanBeHex() {
        RecordToFlowFile mapping = MappingConfig.recordToFlowFile(Map.of("key.attribute.encoding", "hex"));
        SinkRecord record = new SinkRecord("t", 0, Schema.BYTES_SCHEMA, new byte[] {1, (byte) 0xAB}, null, null, 5);

        FlowFile flowFile = mapping.toFlowFile(record);

        assertThat(flowFile.content()).isEmpty();
        assertThat(flowFile.attributes()).containsEntry("kafka.tombstone", "true").containsEntry("kafka.key", "01ab");
    }

    @Test
    void structuredValuesBecomeJson() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
        Struct value = new Struct(schema).put("id", 3).put("tags", List.of("a", "b"));
        SinkRecord record = new SinkRecord("t", 0, null, null, schema, value, 0);

        FlowFile flowFile = MappingConfig.recordToFlowFile(Map.of("key.attribute.encoding", "do-not-add")).toFlowFile(record);

        assertThat(new String(flowFile.content(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":3,\"tags\":[\"a\",\"b\"]}");
        assertThat(flowFile.attributes()).doesNotContainKey("kafka.key");
    }

    @Test
    void recordsAreSentInBatchesOfTheBatchSize() {
        RecordToFlowFile mapping = MappingConfig.recordToFlowFile(Map.of());
        List<SinkRecord> records = IntStream.range(0, 5)
                .mapToObj(i -> new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "v" + i, i)).toList();
        List<List<String>> batches = new ArrayList<>();

        mapping.forEachBatch(records, 2, batch -> batches.add(
                batch.stream().map(f -> f.attributes().get("kafka.offset")).toList()));

        assertThat(batches).containsExactly(List.of("0", "1"), List.of("2", "3"), List.of("4"));
    }
}
