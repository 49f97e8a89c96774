package io.ferry.runtime.task;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.TransactionBoundary;
import io.ferry.runtime.offset.StoreOffsetReader;
import io.ferry.runtime.offset.TopicOffsetStore;
import io.ferry.runtime.offset.TopicOffsetStores;
import io.ferry.runtime.status.TaskId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source task with exactly-once delivery (KIP-618, {@code exactly.once.source.support=enabled}):
 * a transactional producer ({@code transactional.id} {@code <worker id>-<connector>-<task>}) sends
 * the task's records and, in the same transaction, the source offsets of those records to the
 * offsets topic ({@link TopicOffsetStore}). Either both become visible to {@code read_committed}
 * consumers or neither does, so a crash or a failed transaction never duplicates or loses a
 * record: the task resumes from the offsets of the last committed transaction.
 *
 * <p>Transactions end as {@code transaction.boundary} says: after every non-empty {@code poll()}
 * batch ({@code poll}), every {@code transaction.boundary.interval.ms} ({@code interval}), or when
 * the task asks through {@link TransactionContext} ({@code connector}). A transaction the task
 * aborts drops its records but commits their offsets (the task does not see them again), as Kafka
 * Connect does. A failure (a record the broker refuses, a converter or transformation error under
 * {@code errors.tolerance=none}, a failing {@code poll()}) aborts the open transaction and fails
 * the task: its records stay invisible and its offsets do not advance.
 *
 * <p>Before starting, the producer's {@code initTransactions()} fences any earlier instance of the
 * task (aborting its open transaction), then the offsets topic is read again up to its end.
 */
public final class ExactlyOnceSourceTaskRunner extends AbstractSourceTaskRunner {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceSourceTaskRunner.class);

    /** A record sent in the open transaction, with what the broker answered. */
    private static final class Sent implements Callback {
        private final SourceRecord original;
        private volatile RecordMetadata metadata;

        Sent(SourceRecord original) {
            this.original = original;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                this.metadata = metadata;
            }
        }
    }

    private final TopicOffsetStores stores;
    private final String transactionalId;
    private final TransactionBoundary boundary;
    private final long intervalMs;
    private final WorkerTransactionContext transactionContext;
    private final List<Sent> inTransaction = new ArrayList<>();
    /** The latest source offset of each source partition in the open transaction (or of an aborted one). */
    private final Map<Map<String, Object>, Map<String, Object>> pendingOffsets = new LinkedHashMap<>();
    private TopicOffsetStore offsetTopic;
    private boolean transactionOpen;
    private long lastCommit;

    public ExactlyOnceSourceTaskRunner(TaskId id, SourceTask task, TaskEnvironment env, ConnectorConfig connectorConfig,
                                       Map<String, String> taskConfig, ClassLoader loader, TargetState initial,
                                       TopicOffsetStores stores) {
        super(id, task, env, connectorConfig, taskConfig, loader, initial);
        this.stores = stores;
        this.transactionalId = TransactionalIds.of(env.worker(), id);
        this.boundary = connectorConfig.transactionBoundary();
        Long interval = connectorConfig.transactionBoundaryIntervalMs();
        this.intervalMs = interval != null ? interval : env.worker().offsetFlushIntervalMs();
        this.transactionContext = boundary == TransactionBoundary.CONNECTOR ? new WorkerTransactionContext() : null;
    }

    /** The task's transactional id. */
    public String transactionalId() {
        return transactionalId;
    }

    @Override
    protected Map<String, Object> producerConfig() {
        return SourceTaskRunners.transactionalProducer(env, connectorConfig, id, transactionalId);
    }

    @Override
    protected OffsetStorageReader prepare() {
        producer.initTransactions();
        offsetTopic = stores.topic(connectorConfig.offsetsStorageTopic());
        offsetTopic.refresh();
        if (offsetTopic != stores.workerTopic()) {
            stores.workerTopic().refresh();
        }
        log.info("Task {} delivers exactly once: transactional id {}, offsets in topic {}, transaction boundary {}",
                id, transactionalId, offsetTopic.topic(), boundary.value());
        return new StoreOffsetReader(stores.view(connectorConfig.offsetsStorageTopic()), id.connector());
    }

    @Override
    protected TransactionContext transactionContext() {
        return transactionContext;
    }

    @Override
    protected void afterStart() {
        lastCommit = System.currentTimeMillis();
    }

    @Override
    protected void onPause() {
        if (boundary != TransactionBoundary.CONNECTOR) {
            commitTransaction();
        }
    }

    @Override
    protected void onEmptyPoll() {
        batchBoundary();
    }

    @Override
    protected void sendRecords() {
        for (SourceRecord original : toSend) {
            ProducerRecord<byte[], byte[]> record = convert(original);
            beginTransaction();
            Sent sent = new Sent(original);
            if (record != null) {
                try {
                    producer.send(record, sent);
                } catch (KafkaException e) {
                    throw new ConnectException("Task " + id + " could not send a record to topic " + record.topic() + ": " + e, e);
                }
            }
            inTransaction.add(sent);
            if (original.sourcePartition() != null && original.sourceOffset() != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> partition = (Map<String, Object>) original.sourcePartition();
                @SuppressWarnings("unchecked")
                Map<String, Object> offset = (Map<String, Object>) original.sourceOffset();
                pendingOffsets.put(partition, offset);
            }
            if (transactionContext != null) {
                act(transactionContext.takeForRecord(original));
            }
        }
        toSend = null;
        batchBoundary();
    }

    /** Commits (or, as the task asks, aborts) at the end of a batch, as the transaction boundary says. */
    private void batchBoundary() {
        switch (boundary) {
            case POLL -> commitTransaction();
            case INTERVAL -> {
                if (System.currentTimeMillis() >= lastCommit + intervalMs) {
                    commitTransaction();
                    lastCommit = System.currentTimeMillis();
                }
            }
            case CONNECTOR -> act(transactionContext.takeForBatch());
        }
    }

    private void act(WorkerTransactionContext.Request request) {
        switch (request) {
            case COMMIT -> commitTransaction();
            case ABORT -> {
                abortTransaction();
                // The aborted records are dropped; their offsets are committed so that the task does not see them again.
                commitTransaction();
            }
            case NONE -> {
            }
        }
    }

    private void beginTransaction() {
        if (!transactionOpen) {
            producer.beginTransaction();
            transactionOpen = true;
        }
    }

    private void abortTransaction() {
        if (transactionOpen) {
            log.info("Task {} aborts its transaction of {} records as it asked", id, inTransaction.size());
            producer.abortTransaction();
            transactionOpen = false;
        }
        inTransaction.clear();
    }

    /**
     * Sends the pending offsets and commits the transaction; then the task learns which records were
     * written ({@code commitRecord}) and is asked to {@code commit()}.
     *
     * @throws ConnectException if the transaction could not be committed (it is aborted)
     */
    private void commitTransaction() {
        if (!transactionOpen && pendingOffsets.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            beginTransaction();
            for (ProducerRecord<byte[], byte[]> offsetRecord : offsetTopic.records(id.connector(), pendingOffsets)) {
                producer.send(offsetRecord);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            abortQuietly();
            throw new ConnectException("Task " + id + " could not commit its transaction; it was aborted (its records are not visible "
                    + "to read_committed consumers and its source offsets did not advance): " + e, e);
        }
        transactionOpen = false;
        taskMetrics.offsetCommit(System.nanoTime() - started);
        offsetTopic.applyCommitted(id.connector(), pendingOffsets);
        log.debug("Task {} committed a transaction of {} records and offsets of {} source partitions", id, inTransaction.size(),
                pendingOffsets.size());
        int written = 0;
        String lastTopic = null;
        for (Sent sent : inTransaction) {
            RecordMetadata metadata = sent.metadata;
            if (metadata != null) {
                written++;
                if (!metadata.topic().equals(lastTopic)) {
                    lastTopic = metadata.topic();
                    topics.record(lastTopic);
                }
            }
            commitRecord(sent.original, metadata);
        }
        taskMetrics.written(written);
        inTransaction.clear();
        pendingOffsets.clear();
        commitTask();
    }

    private void abortQuietly() {
        if (!transactionOpen) {
            return;
        }
        transactionOpen = false;
        inTransaction.clear();
        pendingOffsets.clear();
        try {
            producer.abortTransaction();
            log.warn("Task {} aborted its open transaction", id);
        } catch (RuntimeException e) {
            log.warn("Task {} could not abort its transaction (the broker aborts it when it times out): {}", id, e.toString());
        }
    }

    @Override
    protected void close() {
        if (producer != null && offsetTopic != null) {
            if (failure() == null) {
                try {
                    if (boundary == TransactionBoundary.CONNECTOR) {
                        act(transactionContext.takeForBatch());
                    } else {
                        commitTransaction();
                    }
                } catch (RuntimeException e) {
                    log.warn("Task {}: its last transaction failed: {}", id, e.getMessage());
                }
            }
            // Whatever is still open was not committed: abort it (a connector-defined transaction the task never ended).
            abortQuietly();
        }
        stopTaskAndCloseResources();
    }

}
