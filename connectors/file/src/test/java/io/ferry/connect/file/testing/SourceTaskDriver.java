package io.ferry.connect.file.testing;

import io.ferry.connect.file.FileSourceTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Plays the worker for a {@link FileSourceTask}: polls it, and on {@link #commit()} acknowledges the
 * records polled so far (commitRecord), stores the last offset of each source partition (as the
 * worker's offset store would, integral numbers as Long) and calls {@code commit()}. A
 * {@link #restart()} starts a new task on the stored offsets: records polled after the last commit
 * are sent again, as after a crash.
 */
public final class SourceTaskDriver implements AutoCloseable {

    private final Map<Map<String, ?>, Map<String, Object>> store = new HashMap<>();
    private final List<SourceRecord> uncommitted = new ArrayList<>();
    private Map<String, String> props;
    private FileSourceTask task;

    /** Starts a task with the given configuration (keys and values alternating). */
    public SourceTaskDriver start(String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return start(config);
    }

    public SourceTaskDriver start(Map<String, String> config) {
        this.props = Map.copyOf(config);
        task = new FileSourceTask();
        task.initialize(new Context());
        task.start(props);
        return this;
    }

    public FileSourceTask task() {
        return task;
    }

    /** One poll; an empty list for null. */
    public List<SourceRecord> poll() {
        try {
            List<SourceRecord> records = task.poll();
            if (records == null) {
                return List.of();
            }
            uncommitted.addAll(records);
            return records;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until nothing new comes (a poll returns nothing), and returns everything polled. */
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

    /** Polls until the records polled satisfy {@code done}, failing after {@code timeout}. */
    public List<SourceRecord> pollUntil(Predicate<List<SourceRecord>> done, Duration timeout) {
        List<SourceRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(all)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " with " + all.size() + " records: " + Records.values(all));
            }
            all.addAll(poll());
        }
        return all;
    }

    /** Acknowledges every record polled, stores the offsets, and tells the task ({@code commit()}). */
    public void commit() {
        for (SourceRecord record : uncommitted) {
            try {
                task.commitRecord(record, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.put(Map.copyOf(record.sourcePartition()), new HashMap<>(record.sourceOffset()));
        }
        uncommitted.clear();
        task.commit();
    }

    /** Stops the task (no commit of what was polled since the last {@link #commit()}) and starts a new one. */
    public SourceTaskDriver restart() {
        task.stop();
        uncommitted.clear();
        return start(props);
    }

    /** The stored offset of a source partition. */
    public Map<String, Object> stored(Map<String, ?> partition) {
        return store.get(partition);
    }

    /** Stores an offset as another connector (e.g. FileStreamSource) would have. */
    public void storeOffset(Map<String, ?> partition, Map<String, Object> offset) {
        store.put(Map.copyOf(partition), new HashMap<>(offset));
    }

    @Override
    public void close() {
        if (task != null) {
            task.stop();
        }
    }

    private final class Context implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return props;
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    Map<String, Object> offset = store.get(partition);
                    return offset == null ? null : new HashMap<>(offset);
                }

                @Override
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                    partitions.forEach(p -> result.put(p, offset(p)));
                    return result;
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
