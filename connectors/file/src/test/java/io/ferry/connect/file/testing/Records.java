package io.ferry.connect.file.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/** Builders and views of records for tests. */
public final class Records {

    private Records() {
    }

    /** The values of records as text (bytes decoded as UTF-8). */
    public static List<String> values(List<? extends ConnectRecord<?>> records) {
        return records.stream().map(r -> r.value() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(r.value()))
                .collect(Collectors.toList());
    }

    /** The byte position stored with a source record. */
    public static long position(SourceRecord record) {
        return ((Number) record.sourceOffset().get("position")).longValue();
    }

    /** A header's value of a record. */
    public static Object header(ConnectRecord<?> record, String key) {
        Header header = record.headers().lastWithName(key);
        return header == null ? null : header.value();
    }

    /** A sink record with a String value and no key. */
    public static SinkRecord text(String topic, int partition, long offset, String value) {
        return new SinkRecord(topic, partition, null, null, Schema.STRING_SCHEMA, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    /** Sink records with consecutive offsets from {@code firstOffset}. */
    public static List<SinkRecord> texts(String topic, int partition, long firstOffset, List<String> values) {
        return java.util.stream.IntStream.range(0, values.size())
                .mapToObj(i -> text(topic, partition, firstOffset + i, values.get(i))).collect(Collectors.toList());
    }

    /** What the sink sees of a source record that went through a topic: its value and headers. */
    public static SinkRecord throughTopic(SourceRecord source, String topic, int partition, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        source.headers().forEach(headers::add);
        return new SinkRecord(topic, partition, null, null, source.valueSchema(), source.value(), offset,
                1_700_000_000_000L, TimestampType.CREATE_TIME, headers);
    }
}
