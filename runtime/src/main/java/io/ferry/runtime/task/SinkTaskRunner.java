package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.errors.DeadLetterQueueReporter;
import io.ferry.runtime.errors.ErrorPolicy;
import io.ferry.runtime.errors.ErrorReporter;
import io.ferry.runtime.errors.LogReporter;
import io.ferry.runtime.errors.RetryWithTolerance;
import io.ferry.runtime.errors.RetryWithTolerance.RecordProcessing;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.transforms.TransformationChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sink task: a consumer in group {@code connect-<name>} → converters → transformations →
 * {@code put()} in batches. Every {@code offset.flush.interval.ms} (or when the task asks) the
 * offsets of the records {@code put} so far go to {@code preCommit()} (by default {@code flush()}),
 * and what it returns is committed synchronously. A {@link RetriableException} from {@code put()}
 * pauses consumption and redelivers the same batch after the task's {@code timeout}.
 */
public final class SinkTaskRunner extends TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(SinkTaskRunner.class);

    /** Records consumed in one poll, as given to {@code put()}, and the offsets after them. */
    private record Batch(List<SinkRecord> records, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    private final SinkTask task;
    private final TopicTracker topics;
    /** The offsets after the records {@code put} successfully, by assigned partition. */
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private RecordConverters converters;
    private TransformationChain<SinkRecord> transformations;
    private RetryWithTolerance errors;
    private SinkErrantReporter errantReporter;
    private TaskPluginMetrics metrics;
    private WorkerSinkTaskContext context;
    private Batch redelivery;
    private RuntimeException rebalanceFailure;
    private boolean pauseRecorded;
    private long nextCommit;
    private volatile boolean started;
    private volatile boolean closing;

    public SinkTaskRunner(TaskId id, SinkTask task, TaskEnvironment env, ConnectorConfig connectorConfig,
                          Map<String, String> taskConfig, ClassLoader loader, TargetState initial) {
        super(id, env, connectorConfig, taskConfig, loader, initial, "sink");
        this.topics = new TopicTracker(env.statuses(), id.connector());
        this.task = task;
    }

    @Override
    protected void initializeAndStart() {
        ErrorPolicy policy = connectorConfig.errorPolicy();
        List<ErrorReporter> reporters = new ArrayList<>();
        if (policy.logEnable()) {
            reporters.add(new LogReporter(policy.logIncludeMessages()));
        }
        if (policy.hasDeadLetterQueue()) {
            reporters.add(DeadLetterQueueReporter.create(policy, env.clients().admin(id, connectorConfig),
                    env.clients().deadLetterQueueProducer(id, connectorConfig)));
        }
        errors = new RetryWithTolerance(id, policy, reporters, this::sleepUnlessStopped);
        taskMetrics.skippedRecords(errors::failedRecords);
        converters = RecordConverters.create(connectorConfig, env.worker(), env.plugins());
        transformations = TransformationChain.build(connectorConfig, env.plugins());
        errantReporter = errors.hasReporters() ? new SinkErrantReporter(errors, converters, task.getClass()) : null;
        metrics = new TaskPluginMetrics(env.metrics(), id);
        context = new WorkerSinkTaskContext(taskConfig, errantReporter, metrics);
        consumer = new KafkaConsumer<>(env.clients().sinkConsumer(id, connectorConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        task.initialize(context);
        task.start(taskConfig);
        started = true;
        List<String> topics = connectorConfig.topics();
        if (!topics.isEmpty()) {
            consumer.subscribe(topics, new Rebalances());
        } else {
            consumer.subscribe(Pattern.compile(connectorConfig.topicsRegex()), new Rebalances());
        }
        markStarted();
        pauseRecorded = isPaused();
        nextCommit = System.currentTimeMillis() + env.worker().offsetFlushIntervalMs();
    }

    @Override
    protected void iteration() throws Exception {
        long now = System.currentTimeMillis();
        if (context.takeCommitRequest() || now >= nextCommit) {
            commitOffsets(null, false);
            nextCommit = now + env.worker().offsetFlushIntervalMs();
        }
        recordPauseTransition();
        applyOffsetResets(consumer.assignment());
        syncPausedPartitions();
        long timeout = Math.max(0, nextCommit - System.currentTimeMillis());
        long taskTimeout = context.takeTimeout();
        if (redelivery != null && taskTimeout > 0) {
            timeout = Math.min(timeout, taskTimeout);
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(Duration.ofMillis(timeout));
        } catch (WakeupException e) {
            return;
        }
        if (rebalanceFailure != null) {
            throw rebalanceFailure;
        }
        taskMetrics.polled(polled.count());
        updateLag();
        // Like Kafka Connect, put() is called after every poll, with an empty batch too: tasks that flush on time rely on it.
        deliver(redelivery != null ? redelivery : convert(polled));
    }

    private void recordPauseTransition() {
        boolean paused = isPaused();
        if (paused != pauseRecorded) {
            pauseRecorded = paused;
            markState(paused ? State.PAUSED : State.RUNNING);
        }
    }

    private Batch convert(ConsumerRecords<byte[], byte[]> polled) {
        List<SinkRecord> records = new ArrayList<>(polled.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> consumed : polled) {
            topics.record(consumed.topic());
            offsets.put(new TopicPartition(consumed.topic(), consumed.partition()), new OffsetAndMetadata(consumed.offset() + 1));
            RecordProcessing processing = errors.process(consumed);
            SinkRecord converted = converters.toSinkRecord(processing, consumed);
            SinkRecord transformed = converted == null ? null : transformations.apply(processing, converted);
            if (transformed != null) {
                records.add(transformed);
            }
        }
        return new Batch(records, offsets);
    }

    private void deliver(Batch batch) {
        try {
            task.put(new ArrayList<>(batch.records()));
        } catch (RetriableException e) {
            if (redelivery == null) {
                log.warn("Task {} will redeliver a batch of {} records: put() failed with {}", id, batch.records().size(), e.toString());
                redelivery = batch;
            }
            return;
        } catch (RuntimeException e) {
            throw new ConnectException("Task " + id + " failed in put(): " + e, e);
        }
        taskMetrics.written(batch.records().size());
        Set<TopicPartition> assigned = consumer.assignment();
        batch.offsets().forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                currentOffsets.put(tp, offset);
            }
        });
        if (redelivery != null) {
            log.info("Task {} redelivered its batch of {} records", id, batch.records().size());
            redelivery = null;
        }
    }

    /** The consumer's lag over its assigned partitions, from the high watermarks of its last fetches. */
    private void updateLag() {
        Set<TopicPartition> assigned = consumer.assignment();
        long total = 0;
        boolean known = assigned.isEmpty();
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                total += lag.getAsLong();
                known = true;
            }
        }
        taskMetrics.lag(known ? total : -1);
    }

    /** Pauses every partition while the worker pauses the task or a batch awaits redelivery, else those the task paused. */
    private void syncPausedPartitions() {
        Set<TopicPartition> assignment = consumer.assignment();
        context.assignment(assignment);
        Set<TopicPartition> wanted = new HashSet<>(assignment);
        if (!isPaused() && redelivery == null) {
            wanted.retainAll(context.pausedPartitions());
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    private void applyOffsetResets(Set<TopicPartition> assigned) {
        context.takeOffsetResets(assigned).forEach((tp, offset) -> {
            log.info("Task {} resets {} to offset {}", id, tp, offset);
            consumer.seek(tp, offset);
            currentOffsets.put(tp, new OffsetAndMetadata(offset));
            lastCommitted.put(tp, new OffsetAndMetadata(offset));
        });
    }

    /**
     * Gives the task the offsets it has been given records up to ({@code preCommit}, which by
     * default flushes) and commits what it returns.
     *
     * @param only     the partitions to commit, or null for all assigned ones
     * @param revoking whether the partitions are being taken away (no rewind on failure)
     */
    private void commitOffsets(Collection<TopicPartition> only, boolean revoking) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>(currentOffsets);
        if (only != null) {
            current.keySet().retainAll(only);
        }
        if (current.isEmpty()) {
            return;
        }
        if (errantReporter != null) {
            errantReporter.awaitReports();
        }
        Map<TopicPartition, OffsetAndMetadata> proposed;
        try {
            proposed = task.preCommit(new HashMap<>(current));
        } catch (RuntimeException e) {
            log.error("Task {}: preCommit() failed, {}: {}", id, revoking ? "not committing" : "rewinding to the last committed offsets", e.toString());
            if (!revoking) {
                rewindToLastCommitted(current.keySet());
            }
            return;
        }
        if (proposed == null || proposed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        proposed.forEach((tp, offset) -> {
            OffsetAndMetadata consumed = current.get(tp);
            if (consumed == null || offset == null) {
                log.debug("Task {}: ignoring offset for {} from preCommit(), not assigned", id, tp);
            } else if (offset.offset() > consumed.offset()) {
                log.warn("Task {}: ignoring offset {} for {} from preCommit(), beyond what was put ({})", id, offset.offset(), tp, consumed.offset());
            } else if (!offset.equals(lastCommitted.get(tp))) {
                toCommit.put(tp, offset);
            }
        });
        if (!toCommit.isEmpty() && commitSync(toCommit)) {
            lastCommitted.putAll(toCommit);
            log.debug("Task {} committed offsets {}", id, toCommit);
        }
    }

    private boolean commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                long started = System.nanoTime();
                consumer.commitSync(offsets);
                taskMetrics.offsetCommit(System.nanoTime() - started);
                return true;
            } catch (WakeupException e) {
                // A wakeup meant for the poll; the commit is still wanted.
            } catch (KafkaException e) {
                log.warn("Task {} could not commit offsets (they will be committed later): {}", id, e.toString());
                return false;
            }
        }
        return false;
    }

    private void rewindToLastCommitted(Set<TopicPartition> partitions) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata committed = lastCommitted.get(tp);
            if (committed != null && assigned.contains(tp)) {
                consumer.seek(tp, committed.offset());
                currentOffsets.put(tp, committed);
            }
        }
        redelivery = null;
    }

    /** The consumer's rebalance callbacks, on the task thread during {@code poll()}. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return;
            }
            try {
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata position = new OffsetAndMetadata(position(tp));
                    currentOffsets.put(tp, position);
                    lastCommitted.put(tp, position);
                }
                context.assignment(consumer.assignment());
                task.open(partitions);
                applyOffsetResets(new HashSet<>(partitions));
                syncPausedPartitions();
                log.info("Task {} was assigned {}", id, partitions);
            } catch (RuntimeException e) {
                rebalanceFailure = new ConnectException("Task " + id + " failed to open partitions " + partitions + ": " + e, e);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return;
            }
            try {
                if (redelivery != null) {
                    rewindToLastPut();
                }
                commitOffsets(partitions, true);
                task.close(partitions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                rebalanceFailure = new ConnectException("Task " + id + " failed to close partitions " + partitions + ": " + e, e);
            } finally {
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return;
            }
            try {
                task.close(partitions);
            } catch (RuntimeException e) {
                rebalanceFailure = new ConnectException("Task " + id + " failed to close lost partitions " + partitions + ": " + e, e);
            } finally {
                forget(partitions);
            }
        }
    }

    /** The consumer's position; a wakeup meant for the poll does not interrupt it. */
    private long position(TopicPartition tp) {
        for (int attempt = 0; ; attempt++) {
            try {
                return consumer.position(tp);
            } catch (WakeupException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    /** Drops the batch awaiting redelivery; its partitions are consumed again from where put() last succeeded. */
    private void rewindToLastPut() {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : redelivery.offsets().keySet()) {
            OffsetAndMetadata position = currentOffsets.get(tp);
            if (position != null && assigned.contains(tp)) {
                consumer.seek(tp, position.offset());
            }
        }
        redelivery = null;
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            currentOffsets.remove(tp);
            lastCommitted.remove(tp);
        });
    }

    @Override
    protected void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    protected void close() throws InterruptedException {
        if (consumer != null && started) {
            try {
                redelivery = null;
                commitOffsets(null, true);
                task.close(new ArrayList<>(currentOffsets.keySet()));
            } catch (RuntimeException e) {
                log.warn("Task {}: closing its partitions failed: {}", id, e.toString());
            }
        }
        closing = true;
        if (started) {
            started = false;
            try {
                task.stop();
            } catch (RuntimeException e) {
                log.warn("Task {}: stop() failed: {}", id, e.toString());
            }
        }
        if (consumer != null) {
            try {
                // A static member (ClientConfigs.sinkConsumer) leaves its group when the task goes away for good, so
                // that its partitions move at once; at a worker shutdown it stays, and the restarted task takes them back
                // without a rebalance.
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)).withGroupMembershipOperation(stoppingForRestart()
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } catch (KafkaException e) {
                log.warn("Task {}: closing its consumer failed: {}", id, e.toString());
            }
        }
        for (AutoCloseable resource : new AutoCloseable[] {converters, transformations, errors, metrics}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Task {}: closing {} failed: {}", id, resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }
}
