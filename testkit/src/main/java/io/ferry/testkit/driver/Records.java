package io.ferry.testkit.driver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/** Builders and views of records for tests. */
public final class Records {

    /** The timestamp of records built here, plus their offset. */
    public static final long BASE_TIMESTAMP_MS = 1_700_000_000_000L;

    private Records() {
    }

    /** The values of records as text (bytes decoded as UTF-8). */
    public static List<String> values(List<? extends ConnectRecord<?>> records) {
        return records.stream().map(Records::value).collect(Collectors.toList());
    }

    /** A record's value as text (bytes decoded as UTF-8). */
    public static String value(ConnectRecord<?> record) {
        return record.value() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(record.value());
    }

    /** The value of a record's last header named {@code key}, or null. */
    public static Object header(ConnectRecord<?> record, String key) {
        Header header = record.headers().lastWithName(key);
        return header == null ? null : header.value();
    }

    /** A sink record with a String value and no key. */
    public static SinkRecord text(String topic, int partition, long offset, String value) {
        return new SinkRecord(topic, partition, null, null, Schema.STRING_SCHEMA, value, offset, BASE_TIMESTAMP_MS + offset,
                TimestampType.CREATE_TIME);
    }

    /** Sink records with String values and consecutive offsets from {@code firstOffset}. */
    public static List<SinkRecord> texts(String topic, int partition, long firstOffset, List<String> values) {
        return IntStream.range(0, values.size()).mapToObj(i -> text(topic, partition, firstOffset + i, values.get(i)))
                .collect(Collectors.toList());
    }

    /** What a sink sees of a source record that went through a topic: its value (and schema) and headers. */
    public static SinkRecord throughTopic(SourceRecord source, String topic, int partition, long offset) {
        ConnectHeaders headers = new ConnectHeaders();
        source.headers().forEach(headers::add);
        return new SinkRecord(topic, partition, source.keySchema(), source.key(), source.valueSchema(), source.value(), offset,
                BASE_TIMESTAMP_MS, TimestampType.CREATE_TIME, headers);
    }
}
