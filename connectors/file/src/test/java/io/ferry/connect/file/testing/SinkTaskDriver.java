package io.ferry.connect.file.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Plays the worker for a sink task: opens the partitions, puts batches, and on {@link #commit()}
 * passes the offsets after the records put to {@code preCommit} and keeps what it returns as the
 * consumer group's committed offsets. {@link #crash()} abandons the task without closing or stopping
 * it (what {@code kill -9} leaves behind); {@link #resumeOffset} is where a consumer would go on: an
 * offset the task set in {@code open}, else the committed one.
 */
public final class SinkTaskDriver {

    private final Function<Clock, SinkTask> factory;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Map<TopicPartition, Long> resets = new HashMap<>();
    private Map<String, String> props;
    private Set<TopicPartition> assignment = Set.of();
    private SinkTask task;

    public SinkTaskDriver(Function<Clock, SinkTask> factory) {
        this.factory = factory;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Starts a task and opens {@code partitions}. */
    public SinkTaskDriver start(Map<String, String> config, TopicPartition... partitions) {
        this.props = Map.copyOf(config);
        this.assignment = Set.copyOf(Arrays.asList(partitions));
        resets.clear();
        consumed.clear();
        task = factory.apply(clock);
        task.initialize(new Context());
        task.start(props);
        task.open(assignment);
        return this;
    }

    public static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    public SinkTask task() {
        return task;
    }

    public void put(Collection<SinkRecord> records) {
        task.put(records);
        for (SinkRecord record : records) {
            consumed.put(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset() + 1);
        }
    }

    /** Commits what preCommit returns for the offsets after the records put. */
    public Map<TopicPartition, Long> commit() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        consumed.forEach((tp, offset) -> current.put(tp, new OffsetAndMetadata(offset)));
        Map<TopicPartition, OffsetAndMetadata> durable = task.preCommit(current);
        Map<TopicPartition, Long> result = new HashMap<>();
        durable.forEach((tp, offset) -> result.put(tp, offset.offset()));
        committed.putAll(result);
        return result;
    }

    /** Abandons the task as a killed process would: no close, no stop, nothing committed. */
    public void crash() {
        task = null;
    }

    /** Closes the partitions and stops the task, as a worker does on shutdown. */
    public void stop() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        consumed.forEach((tp, offset) -> current.put(tp, new OffsetAndMetadata(offset)));
        if (!current.isEmpty()) {
            task.preCommit(current).forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
        task.close(assignment);
        task.stop();
        task = null;
    }

    /** Where the consumer resumes a partition: the task's reset, else the committed offset, else 0. */
    public long resumeOffset(TopicPartition tp) {
        Long reset = resets.get(tp);
        if (reset != null) {
            return reset;
        }
        return committed.getOrDefault(tp, 0L);
    }

    /** The offsets the task set in open(). */
    public Map<TopicPartition, Long> resets() {
        return resets;
    }

    /** A clock tests move forward. */
    public static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        public void advance(long ms) {
            millis += ms;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final class Context implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return props;
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            resets.putAll(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            resets.put(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
            // redelivery timing is the worker's
        }

        @Override
        public Set<TopicPartition> assignment() {
            return assignment;
        }

        @Override
        public void pause(TopicPartition... partitions) {
            throw new UnsupportedOperationException("the file sink never pauses");
        }

        @Override
        public void resume(TopicPartition... partitions) {
            throw new UnsupportedOperationException("the file sink never pauses");
        }

        @Override
        public void requestCommit() {
            // commits are driven by the test
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }

    /** For tests that need the records of a list as one collection. */
    public static List<SinkRecord> batch(SinkRecord... records) {
        return List.of(records);
    }
}
