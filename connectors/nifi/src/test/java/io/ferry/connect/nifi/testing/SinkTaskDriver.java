package io.ferry.connect.nifi.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** Runs a sink task as a worker would, fed by the test: assignment, put, preCommit, pause state. */
public final class SinkTaskDriver implements AutoCloseable {

    private final SinkTask task;
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();
    private final Set<TopicPartition> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private volatile boolean commitRequested;

    public SinkTaskDriver(SinkTask task, Map<String, String> props, Collection<TopicPartition> partitions) {
        this.task = task;
        assignment.addAll(partitions);
        task.initialize(new SinkTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public void offset(Map<TopicPartition, Long> offsets) {
            }

            @Override
            public void offset(TopicPartition tp, long offset) {
            }

            @Override
            public void timeout(long timeoutMs) {
            }

            @Override
            public Set<TopicPartition> assignment() {
                return Set.copyOf(assignment);
            }

            @Override
            public void pause(TopicPartition... partitions) {
                paused.addAll(List.of(partitions));
            }

            @Override
            public void resume(TopicPartition... partitions) {
                List.of(partitions).forEach(paused::remove);
            }

            @Override
            public void requestCommit() {
                commitRequested = true;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(props);
        task.open(partitions);
    }

    /** Puts {@code count} records with text values "value-N", round-robin over the assignment. */
    public void put(int count) {
        List<TopicPartition> partitions = new ArrayList<>(assignment);
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = partitions.get(i % partitions.size());
            long offset = nextOffset.merge(tp, 1L, Long::sum) - 1;
            ConnectHeaders headers = new ConnectHeaders();
            headers.addString("source", "test");
            headers.addString("n", String.valueOf(offset));
            records.add(new SinkRecord(tp.topic(), tp.partition(), Schema.OPTIONAL_STRING_SCHEMA, "key-" + offset,
                    Schema.OPTIONAL_BYTES_SCHEMA, ("value-" + tp.partition() + "-" + offset).getBytes(), offset,
                    1_700_000_000_000L + offset, org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers));
        }
        task.put(records);
    }

    /** What the worker would have put so far, per partition (the next offset). */
    public Map<TopicPartition, OffsetAndMetadata> currentOffsets() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        nextOffset.forEach((tp, next) -> current.put(tp, new OffsetAndMetadata(next)));
        return current;
    }

    public Map<TopicPartition, OffsetAndMetadata> preCommit() {
        return task.preCommit(currentOffsets());
    }

    public Set<TopicPartition> paused() {
        return paused;
    }

    public boolean takeCommitRequest() {
        boolean requested = commitRequested;
        commitRequested = false;
        return requested;
    }

    @Override
    public void close() {
        task.close(assignment);
        task.stop();
    }
}
