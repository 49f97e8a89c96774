package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.errors.ToleranceType;
import io.ferry.runtime.offset.StoreOffsetReader;
import io.ferry.runtime.offset.SubmittedRecords;
import io.ferry.runtime.status.TaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source task: {@code poll()} → transformations → converters → producer. Each record is
 * tracked from {@code send} to the broker's acknowledgement; the source offsets are stored every
 * {@code offset.flush.interval.ms} (and when the task stops) up to the last record of each source
 * partition that the broker acknowledged together with all records before it. A crash therefore
 * resends records (at-least-once) but never skips one. With
 * {@code exactly.once.source.support=enabled}, {@link ExactlyOnceSourceTaskRunner} runs source
 * tasks instead.
 */
public final class SourceTaskRunner extends AbstractSourceTaskRunner {

    private static final Logger log = LoggerFactory.getLogger(SourceTaskRunner.class);
    private static final long SEND_RETRY_BACKOFF_MS = 100;

    private final SubmittedRecords submitted = new SubmittedRecords();
    private final AtomicReference<Exception> producerFailure = new AtomicReference<>();
    private final Object commitLock = new Object();
    /** Offsets taken from {@link #submitted} but not yet stored (the store failed). */
    private final Map<Map<String, Object>, Map<String, Object>> unstored = new HashMap<>();
    private ScheduledFuture<?> committer;

    public SourceTaskRunner(TaskId id, SourceTask task, TaskEnvironment env, ConnectorConfig connectorConfig,
                            Map<String, String> taskConfig, ClassLoader loader, TargetState initial) {
        super(id, task, env, connectorConfig, taskConfig, loader, initial);
    }

    @Override
    protected Map<String, Object> producerConfig() {
        return env.clients().sourceProducer(id, connectorConfig);
    }

    @Override
    protected OffsetStorageReader prepare() {
        return new StoreOffsetReader(env.offsets(), id.connector());
    }

    @Override
    protected void afterStart() {
        long interval = env.worker().offsetFlushIntervalMs();
        committer = env.scheduler().scheduleWithFixedDelay(this::commitOffsets, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void checkDelivery() {
        Exception sendFailure = producerFailure.get();
        if (sendFailure != null) {
            throw new ConnectException("The broker did not accept a record of task " + id + ": " + sendFailure, sendFailure);
        }
    }

    @Override
    protected void sendRecords() throws InterruptedException {
        for (int i = 0; i < toSend.size(); i++) {
            SourceRecord original = toSend.get(i);
            ProducerRecord<byte[], byte[]> record = convert(original);
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
                taskMetrics.written(1);
                topics.record(metadata.topic());
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

    /**
     * Stores the offsets of the acknowledged records, then calls the task's {@code commit()}. Runs
     * on the worker's scheduler and, last, on the task thread when it stops.
     */
    void commitOffsets() {
        synchronized (commitLock) {
            unstored.putAll(submitted.committableOffsets());
            if (!unstored.isEmpty()) {
                try {
                    long started = System.nanoTime();
                    env.offsets().write(id.connector(), unstored);
                    taskMetrics.offsetCommit(System.nanoTime() - started);
                    log.debug("Task {} stored offsets of {} source partitions", id, unstored.size());
                    unstored.clear();
                } catch (RuntimeException e) {
                    log.error("Task {} could not store its source offsets (will retry): {}", id, e.getMessage());
                    return;
                }
            }
            commitTask();
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
        stopTaskAndCloseResources();
    }
}
