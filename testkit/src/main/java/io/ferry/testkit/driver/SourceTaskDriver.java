package io.ferry.testkit.driver;

import io.ferry.runtime.task.TaskPluginMetrics;
import io.ferry.testkit.time.ManualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Plays the worker for a source task, on the test's thread: {@link #start} initializes a new task with a
 * context whose offset reader sees the {@link #offsets() committed offsets}; {@link #poll} calls
 * {@code poll()}; {@link #commit} acknowledges every record polled since the last commit
 * ({@code commitRecord} with the metadata of a "written" record), stores each source partition's last offset
 * and calls {@code commit()}, as the worker does after the producer's acknowledgements and an offset flush.
 * {@link #restart} stops the task and starts a new one on the committed offsets: records polled after the
 * last commit come again, as after a crash.
 *
 * @param <T> the task's class
 */
public final class SourceTaskDriver<T extends SourceTask> implements AutoCloseable {

    private final Function<ManualTime, ? extends T> factory;
    private final ManualTime time = new ManualTime();
    private final SourceOffsets offsets = new SourceOffsets();
    private final List<SourceRecord> uncommitted = new ArrayList<>();
    private Map<String, String> props;
    private Metrics metrics;
    private T task;
    private long written;

    private SourceTaskDriver(Function<ManualTime, ? extends T> factory) {
        this.factory = factory;
    }

    /** A driver of the tasks {@code factory} makes. */
    public static <T extends SourceTask> SourceTaskDriver<T> of(Supplier<? extends T> factory) {
        return new SourceTaskDriver<>(time -> factory.get());
    }

    /** A driver of tasks made with the driver's {@link #time()} (for tasks that take Kafka's Time or a Clock). */
    public static <T extends SourceTask> SourceTaskDriver<T> withTime(Function<ManualTime, ? extends T> factory) {
        return new SourceTaskDriver<>(factory);
    }

    /** The time given to tasks made by {@link #withTime}; the test moves it. */
    public ManualTime time() {
        return time;
    }

    /** Starts a new task with the configuration given as alternating keys and values. */
    public SourceTaskDriver<T> start(String... keysAndValues) {
        return start(Configs.config(keysAndValues));
    }

    /** Initializes and starts a new task with {@code config}. */
    public SourceTaskDriver<T> start(Map<String, String> config) {
        if (task != null) {
            throw new IllegalStateException("A task is running: stop, restart or crash it first");
        }
        props = Map.copyOf(config);
        metrics = new Metrics(time);
        task = factory.apply(time);
        task.initialize(new SourceContext(props, offsets, new TaskPluginMetrics(metrics, "driver", 0)));
        task.start(props);
        return this;
    }

    /** The running task. */
    public T task() {
        return task;
    }

    /** One {@code poll()}; an empty list for null. */
    public List<SourceRecord> poll() {
        try {
            List<SourceRecord> records = running().poll();
            if (records == null) {
                return List.of();
            }
            uncommitted.addAll(records);
            return records;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted in poll()", e);
        }
    }

    /** Polls until a poll returns nothing, and returns everything polled. */
    public List<SourceRecord> drain() {
        List<SourceRecord> all = new ArrayList<>();
        for (List<SourceRecord> batch = poll(); !batch.isEmpty(); batch = poll()) {
            all.addAll(batch);
        }
        return all;
    }

    /** Polls until at least {@code count} records came, failing after {@code timeout}. */
    public List<SourceRecord> pollUntil(int count, Duration timeout) {
        return pollUntil(all -> all.size() >= count, timeout);
    }

    /** Polls until the records polled satisfy {@code done}, failing after {@code timeout} (of real time). */
    public List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration timeout) {
        List<SourceRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(all)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " with " + all.size() + " records: " + Records.values(all));
            }
            all.addAll(poll());
        }
        return all;
    }

    /** Records polled since the last commit. */
    public List<SourceRecord> uncommitted() {
        return List.copyOf(uncommitted);
    }

    /**
     * Acknowledges every record polled since the last commit ({@code commitRecord}), stores the last
     * offset of each source partition, and calls {@code commit()}.
     */
    public void commit() {
        T running = running();
        try {
            for (SourceRecord record : uncommitted) {
                running.commitRecord(record, metadata(record));
                if (record.sourcePartition() != null && record.sourceOffset() != null) {
                    offsets.put(record.sourcePartition(), record.sourceOffset());
                }
            }
            uncommitted.clear();
            running.commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted in commit", e);
        }
    }

    private RecordMetadata metadata(SourceRecord record) {
        int partition = record.kafkaPartition() == null ? 0 : record.kafkaPartition();
        long timestamp = record.timestamp() == null ? time.milliseconds() : record.timestamp();
        return new RecordMetadata(new TopicPartition(record.topic(), partition), written++, 0, timestamp, -1, -1);
    }

    /** Stops the task; what was polled since the last commit is not committed. */
    public void stop() {
        T running = running();
        task = null;
        uncommitted.clear();
        try {
            running.stop();
        } finally {
            metrics.close();
        }
    }

    /**
     * Stops the task, if one runs, without committing what was polled since the last commit, and starts a
     * new one with the last configuration.
     */
    public SourceTaskDriver<T> restart() {
        if (task != null) {
            stop();
        }
        uncommitted.clear();
        return start(props);
    }

    /**
     * Abandons the task as a killed worker would: no commit, no {@code stop()}. Resources the task holds
     * stay held: use it for tasks whose state is on disk, and stop them in the test's clean-up.
     */
    public T crash() {
        T abandoned = running();
        task = null;
        uncommitted.clear();
        return abandoned;
    }

    /** The committed offsets, which a new task reads. */
    public SourceOffsets offsets() {
        return offsets;
    }

    /** The committed offset of a source partition, or null. */
    public Map<String, Object> stored(Map<String, ?> partition) {
        return offsets.get(partition);
    }

    /** Stores an offset as if committed earlier (for example by another connector). */
    public void storeOffset(Map<String, ?> partition, Map<String, ?> offset) {
        offsets.put(partition, offset);
    }

    /** Stops the task if one runs. */
    @Override
    public void close() {
        if (task != null) {
            stop();
        }
    }

    private T running() {
        if (task == null) {
            throw new IllegalStateException("No task is running: start one first");
        }
        return task;
    }
}
