package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.errors.ErrorPolicy;
import io.ferry.runtime.errors.ErrorReporter;
import io.ferry.runtime.errors.LogReporter;
import io.ferry.runtime.errors.RetryWithTolerance;
import io.ferry.runtime.errors.RetryWithTolerance.RecordProcessing;
import io.ferry.runtime.errors.ToleranceType;
import io.ferry.runtime.offset.OffsetFormat;
import io.ferry.runtime.offset.StoreOffsetReader;
import io.ferry.runtime.offset.SubmittedRecords;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.transforms.TransformationChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source task: {@code poll()} → transformations → converters → producer. Each record is
 * tracked from {@code send} to the broker's acknowledgement; the source offsets are stored every
 * {@code offset.flush.interval.ms} (and when the task stops) up to the last record of each source
 * partition that the broker acknowledged together with all records before it. A crash therefore
 * resends records (at-least-once) but never skips one.
 */
public final class SourceTaskRunner extends TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(SourceTaskRunner.class);
    private static final long SEND_RETRY_BACKOFF_MS = 100;
    private static final long PAUSE_CHECK_MS = 1_000;

    private final SourceTask task;
    private final SubmittedRecords submitted = new SubmittedRecords();
    private final AtomicReference<Exception> producerFailure = new AtomicReference<>();
    private final Object commitLock = new Object();
    /** Offsets taken from {@link #submitted} but not yet stored (the store failed). */
    private final Map<Map<String, Object>, Map<String, Object>> unstored = new HashMap<>();
    private RecordConverters converters;
    private TransformationChain<SourceRecord> transformations;
    private RetryWithTolerance errors;
    private KafkaProducer<byte[], byte[]> producer;
    private TaskPluginMetrics metrics;
    private ScheduledFuture<?> committer;
    private List<SourceRecord> toSend;
    private volatile boolean started;
    private boolean pauseRecorded;

    public SourceTaskRunner(TaskId id, SourceTask task, TaskEnvironment env, ConnectorConfig connectorConfig,
                            Map<String, String> taskConfig, ClassLoader loader, TargetState initial) {
        super(id, env, connectorConfig, taskConfig, loader, initial);
        this.task = task;
    }

    @Override
    protected void initializeAndStart() {
        ErrorPolicy policy = connectorConfig.errorPolicy();
        List<ErrorReporter> reporters = new ArrayList<>();
        if (policy.logEnable()) {
            reporters.add(new LogReporter(policy.logIncludeMessages()));
        }
        errors = new RetryWithTolerance(id, policy, reporters, this::sleepUnlessStopped);
        converters = RecordConverters.create(connectorConfig, env.worker(), env.plugins());
        transformations = TransformationChain.build(connectorConfig, env.plugins());
        producer = new KafkaProducer<>(env.clients().sourceProducer(id, connectorConfig), new ByteArraySerializer(), new ByteArraySerializer());
        metrics = new TaskPluginMetrics(env.metrics(), id);
        task.initialize(new WorkerSourceTaskContext(taskConfig, new StoreOffsetReader(env.offsets(), id.connector()), metrics));
        task.start(taskConfig);
        started = true;
        markStarted();
        pauseRecorded = isPaused();
        long interval = env.worker().offsetFlushIntervalMs();
        committer = env.scheduler().scheduleWithFixedDelay(this::commitOffsets, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void iteration() throws Exception {
        Exception sendFailure = producerFailure.get();
        if (sendFailure != null) {
            throw new ConnectException("The broker did not accept a record of task " + id + ": " + sendFailure, sendFailure);
        }
        if (isPaused()) {
            if (!pauseRecorded) {
                pauseRecorded = true;
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
                return;
            }
            toSend = polled;
        }
        sendRecords();
    }

    private void sendRecords() throws InterruptedException {
        for (int i = 0; i < toSend.size(); i++) {
            SourceRecord original = toSend.get(i);
            RecordProcessing processing = errors.process(original);
            SourceRecord transformed = transformations.apply(processing, original);
            ProducerRecord<byte[], byte[]> record = transformed == null ? null : converters.toProducerRecord(processing, transformed);
            OffsetFormat.check(original.sourcePartition(), "partition");
            OffsetFormat.check(original.sourceOffset(), "offset");
            SubmittedRecords.Submitted entry = submitted.submit(original.sourcePartition(), original.sourceOffset());
            if (record == null) {
                commitRecord(original, null);
                entry.ack();
                continue;
            }
            try {
                producer.send(record, new Acknowledgement(original, entry));
            } catch (RetriableException e) {
                entry.cancel();
                log.warn("Task {} could not send to topic {} yet, retrying: {}", id, record.topic(), e.toString());
                toSend = new ArrayList<>(toSend.subList(i, toSend.size()));
                sleepUnlessStopped(SEND_RETRY_BACKOFF_MS);
                return;
            } catch (KafkaException e) {
                entry.cancel();
                throw new ConnectException("Task " + id + " could not send a record to topic " + record.topic() + ": " + e, e);
            }
        }
        toSend = null;
    }

    /** The producer's callback for one record. */
    private final class Acknowledgement implements Callback {
        private final SourceRecord original;
        private final SubmittedRecords.Submitted entry;

        Acknowledgement(SourceRecord original, SubmittedRecords.Submitted entry) {
            this.original = original;
            this.entry = entry;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                commitRecord(original, metadata);
                entry.ack();
            } else if (errors.policy().tolerance() == ToleranceType.ALL) {
                log.warn("Task {} skipped a record the broker did not accept (errors.tolerance=all): {}", id, e.toString());
                commitRecord(original, null);
                entry.ack();
            } else {
                producerFailure.compareAndSet(null, e);
            }
        }
    }

    private void commitRecord(SourceRecord record, RecordMetadata metadata) {
        try {
            task.commitRecord(record, metadata);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Task {}: commitRecord failed: {}", id, e.toString());
        }
    }

    /**
     * Stores the offsets of the acknowledged records, then calls the task's {@code commit()}. Runs
     * on the worker's scheduler and, last, on the task thread when it stops.
     */
    void commitOffsets() {
        synchronized (commitLock) {
            unstored.putAll(submitted.committableOffsets());
            if (!unstored.isEmpty()) {
                try {
                    env.offsets().write(id.connector(), unstored);
                    log.debug("Task {} stored offsets of {} source partitions", id, unstored.size());
                    unstored.clear();
                } catch (RuntimeException e) {
                    log.error("Task {} could not store its source offsets (will retry): {}", id, e.getMessage());
                    return;
                }
            }
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
    }

    @Override
    protected void close() throws InterruptedException {
        if (committer != null) {
            committer.cancel(false);
        }
        if (producer != null) {
            long timeout = env.worker().offsetFlushTimeoutMs();
            if (producerFailure.get() == null && !submitted.awaitAllAcknowledged(timeout, TimeUnit.MILLISECONDS)) {
                log.warn("Task {}: {} records were not acknowledged within {} ms (offset.flush.timeout.ms); their offsets are not stored",
                        id, submitted.outstanding(), timeout);
            }
            commitOffsets();
        }
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
