package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.errors.ErrorPolicy;
import io.ferry.runtime.errors.ErrorReporter;
import io.ferry.runtime.errors.LogReporter;
import io.ferry.runtime.errors.RetryWithTolerance;
import io.ferry.runtime.errors.RetryWithTolerance.RecordProcessing;
import io.ferry.runtime.offset.OffsetFormat;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.transforms.TransformationChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source task runners share: creating the task's error handling, converters,
 * transformations, producer and context; the loop (pause and resume, {@code poll()}, the batch in
 * flight); turning a {@link SourceRecord} into a producer record; and stopping the task and
 * closing its resources. {@link SourceTaskRunner} (at-least-once) and
 * {@link ExactlyOnceSourceTaskRunner} (transactions) supply how records are sent and when
 * offsets are committed.
 */
public abstract class AbstractSourceTaskRunner extends TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(AbstractSourceTaskRunner.class);
    private static final long PAUSE_CHECK_MS = 1_000;

    protected final SourceTask task;
    protected final TopicTracker topics;
    protected RecordConverters converters;
    private Map<String, ?> lastCheckedPartition;
    protected TransformationChain<SourceRecord> transformations;
    protected RetryWithTolerance errors;
    protected KafkaProducer<byte[], byte[]> producer;
    protected TaskPluginMetrics metrics;
    /** The batch being sent: what {@code poll()} returned, or what is left of it; null when it is all sent. */
    protected List<SourceRecord> toSend;
    protected volatile boolean started;
    private boolean pauseRecorded;

    protected AbstractSourceTaskRunner(TaskId id, SourceTask task, TaskEnvironment env, ConnectorConfig connectorConfig,
                                       Map<String, String> taskConfig, ClassLoader loader, TargetState initial) {
        super(id, env, connectorConfig, taskConfig, loader, initial, "source");
        this.topics = new TopicTracker(env.statuses(), id.connector());
        this.task = task;
    }

    /** The producer's settings. */
    protected abstract Map<String, Object> producerConfig();

    /** Runs once the producer exists and before the task starts; returns where the task reads its offsets. */
    protected abstract OffsetStorageReader prepare() throws Exception;

    /** The task's transaction context, or null (the default) if it does not define transactions. */
    protected TransactionContext transactionContext() {
        return null;
    }

    /** Runs once the task has started. */
    protected void afterStart() {
    }

    /** Throws what made delivery fail, if anything did, before the next turn of the loop. */
    protected void checkDelivery() throws Exception {
    }

    /** Runs on the task thread when the task is paused. */
    protected void onPause() throws Exception {
    }

    /** Runs when {@code poll()} returned no records. */
    protected void onEmptyPoll() throws Exception {
    }

    /** Sends {@link #toSend}; sets it to null once all of it is on its way, or keeps what is left to retry. */
    protected abstract void sendRecords() throws Exception;

    @Override
    protected final void initializeAndStart() throws Exception {
        ErrorPolicy policy = connectorConfig.errorPolicy();
        List<ErrorReporter> reporters = new ArrayList<>();
        if (policy.logEnable()) {
            reporters.add(new LogReporter(policy.logIncludeMessages()));
        }
        errors = new RetryWithTolerance(id, policy, reporters, this::sleepUnlessStopped);
        taskMetrics.skippedRecords(errors::failedRecords);
        converters = RecordConverters.create(connectorConfig, env.worker(), env.plugins());
        transformations = TransformationChain.build(connectorConfig, env.plugins());
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        metrics = new TaskPluginMetrics(env.metrics(), id);
        OffsetStorageReader offsets = prepare();
        task.initialize(new WorkerSourceTaskContext(taskConfig, offsets, metrics, transactionContext()));
        task.start(taskConfig);
        started = true;
        markStarted();
        pauseRecorded = isPaused();
        afterStart();
    }

    @Override
    protected final void iteration() throws Exception {
        checkDelivery();
        if (isPaused()) {
            if (!pauseRecorded) {
                pauseRecorded = true;
                onPause();
                markState(State.PAUSED);
            }
            awaitChange(PAUSE_CHECK_MS);
            return;
        }
        if (pauseRecorded) {
            pauseRecorded = false;
            markState(State.RUNNING);
        }
        if (toSend == null) {
            List<SourceRecord> polled = task.poll();
            if (polled == null || polled.isEmpty()) {
                onEmptyPoll();
                return;
            }
            taskMetrics.polled(polled.size());
            toSend = polled;
        }
        sendRecords();
    }

    /**
     * Applies the error handling, transformations and converters to a record and checks its source
     * partition and offset.
     *
     * @return the record to send, or null if a transformation dropped it or it failed under
     *         {@code errors.tolerance=all}
     */
    protected final ProducerRecord<byte[], byte[]> convert(SourceRecord original) {
        RecordProcessing processing = errors.process(original);
        SourceRecord transformed = transformations.apply(processing, original);
        ProducerRecord<byte[], byte[]> record = transformed == null ? null : converters.toProducerRecord(processing, transformed);
        if (original.sourcePartition() != lastCheckedPartition) { // sources mostly reuse one map per source partition
            OffsetFormat.check(original.sourcePartition(), "partition");
            lastCheckedPartition = original.sourcePartition();
        }
        OffsetFormat.check(original.sourceOffset(), "offset");
        return record;
    }

    /** Tells the task a record was written ({@code metadata}) or dropped (null). */
    protected final void commitRecord(SourceRecord record, RecordMetadata metadata) {
        try {
            task.commitRecord(record, metadata);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Task {}: commitRecord failed: {}", id, e.toString());
        }
    }

    /** Calls the task's {@code commit()} (if it is started) after offsets were committed. */
    protected final void commitTask() {
        if (started) {
            try {
                task.commit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Task {}: commit() failed: {}", id, e.toString());
            }
        }
    }

    /** Stops the task (if started), then closes the producer and the task's plugins. */
    protected final void stopTaskAndCloseResources() {
        if (started) {
            started = false;
            try {
                task.stop();
            } catch (RuntimeException e) {
                log.warn("Task {}: stop() failed: {}", id, e.toString());
            }
        }
        if (producer != null) {
            producer.close(Duration.ofMillis(env.worker().offsetFlushTimeoutMs()));
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
