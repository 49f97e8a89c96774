package io.ferry.connect.nifi.testing;

import io.ferry.testkit.driver.SinkTaskDriver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/** The test kit's sink driver for the NiFi sink tasks: started on partitions, fed records as a topic would hold them. */
public final class SinkDrivers {

    private SinkDrivers() {
    }

    /** A driver running {@code task} with {@code props}, assigned {@code partitions}. */
    public static <T extends SinkTask> SinkTaskDriver<T> started(T task, Map<String, String> props, List<TopicPartition> partitions) {
        return SinkTaskDriver.<T>of(() -> task).start(props, partitions.toArray(TopicPartition[]::new));
    }

    /**
     * Puts {@code count} records round-robin over the driver's assignment, each partition's offsets going on
     * from what the driver delivered: key {@code key-N}, value {@code value-P-N} as bytes, headers
     * {@code source=test} and {@code n=N}.
     */
    public static void put(SinkTaskDriver<?> driver, int count) {
        List<TopicPartition> partitions = new ArrayList<>(driver.assignment());
        Map<TopicPartition, Long> next = new HashMap<>();
        driver.currentOffsets().forEach((tp, offset) -> next.put(tp, offset.offset()));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = partitions.get(i % partitions.size());
            long offset = next.merge(tp, 1L, Long::sum) - 1;
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("source", "test");
            headers.addString("n", String.valueOf(offset));
            records.add(new SinkRecord(tp.topic(), tp.partition(), Schema.OPTIONAL_STRING_SCHEMA, "key-" + offset,
                    Schema.OPTIONAL_BYTES_SCHEMA, ("value-" + tp.partition() + "-" + offset).getBytes(), offset,
                    1_700_000_000_000L + offset, TimestampType.CREATE_TIME, headers));
        }
        driver.put(records);
    }
}
