package io.ferry.testkit.driver;

import io.ferry.runtime.task.TaskPluginMetrics;
import io.ferry.testkit.time.ManualTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Plays the worker (and its consumer) for a sink task, on the test's thread. {@link #start} initializes a new
 * task, starts it and opens the assigned partitions; {@link #put} delivers records, holding back those of
 * paused partitions until they are resumed; {@link #commit} passes the offsets after the records delivered
 * to {@code preCommit} and keeps what it returns as the consumer group's committed offsets;
 * {@link #rebalance} commits, closes the revoked partitions and opens the new ones; {@link #stop} commits,
 * closes and stops. {@link #crash()} abandons the task with nothing committed, as {@code kill -9} would, and
 * {@link #resumeOffset} is where the consumer would go on: an offset the task set through its context, else
 * the committed one. Errant records the task reports are kept in {@link #errantRecords()}.
 *
 * @param <T> the task's class
 */
public final class SinkTaskDriver<T extends SinkTask> implements AutoCloseable {

    private final Function<ManualTime, ? extends T> factory;
    private final ManualTime time = new ManualTime();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final List<SinkRecord> held = new ArrayList<>();
    private SinkContext context;
    private Metrics metrics;
    private Map<String, String> props;
    private T task;

    private SinkTaskDriver(Function<ManualTime, ? extends T> factory) {
        this.factory = factory;
    }

    /** A driver of the tasks {@code factory} makes. */
    public static <T extends SinkTask> SinkTaskDriver<T> of(Supplier<? extends T> factory) {
        return new SinkTaskDriver<>(time -> factory.get());
    }

    /** A driver of tasks made with the driver's {@link #time()} (for tasks that take Kafka's Time or a Clock). */
    public static <T extends SinkTask> SinkTaskDriver<T> withTime(Function<ManualTime, ? extends T> factory) {
        return new SinkTaskDriver<>(factory);
    }

    /** The time given to tasks made by {@link #withTime}; the test moves it. */
    public ManualTime time() {
        return time;
    }

    /** Initializes and starts a new task with {@code config}, and opens {@code partitions}. */
    public SinkTaskDriver<T> start(Map<String, String> config, TopicPartition... partitions) {
        if (task != null) {
            throw new IllegalStateException("A task is running: stop or crash it first");
        }
        props = Map.copyOf(config);
        consumed.clear();
        held.clear();
        metrics = new Metrics(time);
        context = new SinkContext(props, new LinkedHashSet<>(Arrays.asList(partitions)),
                new TaskPluginMetrics(metrics, "driver", 0));
        task = factory.apply(time);
        task.initialize(context);
        task.start(props);
        task.open(context.assignment());
        return this;
    }

    /** The running task. */
    public T task() {
        return task;
    }

    /**
     * Delivers {@code records} to {@code put()}, except those of paused partitions, which are held back (with
     * any held earlier) until their partition is resumed. Returns the records delivered.
     */
    public List<SinkRecord> put(Collection<SinkRecord> records) {
        T running = running();
        held.addAll(records);
        List<SinkRecord> deliver = new ArrayList<>();
        held.removeIf(record -> {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            if (context.paused().contains(tp)) {
                return false;
            }
            deliver.add(record);
            return true;
        });
        running.put(deliver);
        for (SinkRecord record : deliver) {
            consumed.put(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset() + 1);
        }
        return deliver;
    }

    /** Records held back because their partition is paused. */
    public List<SinkRecord> held() {
        return List.copyOf(held);
    }

    /** The offsets after the records delivered, as the worker passes them to {@code preCommit}. */
    public Map<TopicPartition, OffsetAndMetadata> currentOffsets() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        consumed.forEach((tp, offset) -> current.put(tp, new OffsetAndMetadata(offset)));
        return current;
    }

    /** Calls {@code preCommit} with the {@link #currentOffsets()} and commits what it returns; returns that. */
    public Map<TopicPartition, Long> commit() {
        context.takeCommitRequest();
        Map<TopicPartition, OffsetAndMetadata> durable = running().preCommit(currentOffsets());
        Map<TopicPartition, Long> result = new HashMap<>();
        if (durable != null) {
            durable.forEach((tp, offset) -> result.put(tp, offset.offset()));
        }
        committed.putAll(result);
        return result;
    }

    /**
     * A rebalance to {@code partitions}: commits, closes the partitions no longer assigned (their held records
     * are dropped, as a consumer drops its fetched records), then opens the newly assigned ones.
     */
    public void rebalance(TopicPartition... partitions) {
        T running = running();
        Set<TopicPartition> next = new LinkedHashSet<>(Arrays.asList(partitions));
        Set<TopicPartition> revoked = new LinkedHashSet<>(context.assignment());
        revoked.removeAll(next);
        Set<TopicPartition> added = new LinkedHashSet<>(next);
        added.removeAll(context.assignment());
        commit();
        if (!revoked.isEmpty()) {
            running.close(revoked);
            revoked.forEach(consumed::remove);
            held.removeIf(r -> revoked.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
        }
        context.assign(next);
        if (!added.isEmpty()) {
            running.open(added);
        }
    }

    /** Pauses partitions as the worker does when the connector is paused: their records are held back. */
    public void pause(TopicPartition... partitions) {
        context.pause(partitions);
    }

    /** Resumes partitions; their held records go with the next {@link #put}. */
    public void resume(TopicPartition... partitions) {
        context.resume(partitions);
    }

    /** The partitions paused now (by the task through its context, or by the test). */
    public Set<TopicPartition> paused() {
        return context.paused();
    }

    /** The partitions assigned now. */
    public Set<TopicPartition> assignment() {
        return context.assignment();
    }

    /** Whether the task asked for a commit since the last {@link #commit()}. */
    public boolean commitRequested() {
        return context.commitRequested();
    }

    /** The redelivery back-off the task asked for last, or -1. */
    public long timeoutMs() {
        return context.timeoutMs();
    }

    /** What the task reported through its errant record reporter. */
    public ErrantRecords errantRecords() {
        return context.errantRecords();
    }

    /** Closes the partitions and stops the task, committing first, as a worker does on shutdown. */
    public void stop() {
        T running = running();
        try {
            if (!consumed.isEmpty()) {
                commit();
            }
            running.close(context.assignment());
            running.stop();
        } finally {
            task = null;
            metrics.close();
        }
    }

    /** Abandons the task as a killed worker would: no commit, no close, no stop. Returns it. */
    public T crash() {
        T abandoned = running();
        task = null;
        return abandoned;
    }

    /** The committed offsets, by partition. */
    public Map<TopicPartition, Long> committed() {
        return Map.copyOf(committed);
    }

    /** Where the consumer resumes a partition: the task's reset, else the committed offset, else 0. */
    public long resumeOffset(TopicPartition tp) {
        Long reset = resets().get(tp);
        return reset != null ? reset : committed.getOrDefault(tp, 0L);
    }

    /** The offsets the task set through its context since it started. */
    public Map<TopicPartition, Long> resets() {
        return context == null ? Map.of() : context.resets();
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
