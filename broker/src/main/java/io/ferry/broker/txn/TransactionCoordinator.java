package io.ferry.broker.txn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.partition.InternalTopic;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.producer.ProducerIdAllocator;

/**
 * Kafka's transaction coordinator for this broker: InitProducerId with a transactional id (a new epoch fences the
 * previous producer and aborts its open transaction), AddPartitionsToTxn, AddOffsetsToTxn and EndTxn. Every state
 * change is in {@code __transaction_state} before it is answered. EndTxn is answered once PREPARE_COMMIT/ABORT is
 * written; the {@link MarkerSender} then delivers the markers to every partition of the transaction (directly where
 * this broker leads, with WriteTxnMarkers elsewhere) and only then is COMPLETE_COMMIT/ABORT written. Meanwhile the
 * producer's next calls get CONCURRENT_TRANSACTIONS and retry. When every partition is led here, as on a single
 * node, the markers are written before EndTxn is answered.
 */
public final class TransactionCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);

    /** Settings, with Kafka's broker key names in BrokerConfig. */
    public record Settings(int maxTimeoutMs, long abortCheckIntervalMs) {
    }

    /** The answer to InitProducerId. */
    public record ProducerIdAndEpoch(Errors error, long producerId, short epoch) {
    }

    private final Settings settings;
    private final InternalTopic stateTopic;
    private final ClusterMetadata metadata;
    private final MarkerSender markers;
    private final InternalTopic offsetsTopic;
    private final ProducerIdAllocator ids;
    private final Time time;
    /** How long EndTxn waits for PREPARE to be committed before answering COORDINATOR_NOT_AVAILABLE. */
    private static final long PREPARE_WAIT_MS = 5_000;
    private static final long PREPARE_RETRY_MS = 200;

    private final Map<String, TxnMetadata> txns = new ConcurrentHashMap<>();
    /** The coordinator epoch (leader epoch of the __transaction_state partition) of each partition loaded here. */
    private final Map<Integer, Integer> coordinatorEpochs = new ConcurrentHashMap<>();

    public TransactionCoordinator(Settings settings, InternalTopic stateTopic, ClusterMetadata metadata,
                                  MarkerSender markers, InternalTopic offsetsTopic, ProducerIdAllocator ids,
                                  Time time) {
        this.settings = settings;
        this.stateTopic = stateTopic;
        this.metadata = metadata;
        this.markers = markers;
        this.offsetsTopic = offsetsTopic;
        this.ids = ids;
        this.time = time;
    }

    /**
     * Replays the transaction log (on a single node; in a cluster each partition when this broker becomes its
     * leader), finishes transactions a crash or failover left half-ended, and starts the timeout check.
     */
    public void start(ScheduledExecutorService timer, java.util.concurrent.Executor loadExecutor) {
        stateTopic.replay(this::replayed);
        finishCompleting(id -> true);
        LOG.info("Loaded {} transactional ids", txns.size());
        stateTopic.onLeadership(new InternalTopic.Loader() {
            @Override
            public void load(int partition, int leaderEpoch) {
                coordinatorEpochs.put(partition, leaderEpoch);
                stateTopic.replay(partition, TransactionCoordinator.this::replayed);
                finishCompleting(id -> stateTopic.partitionFor(id) == partition);
            }

            @Override
            public void unload(int partition) {
                txns.keySet().removeIf(id -> stateTopic.partitionFor(id) == partition);
                coordinatorEpochs.remove(partition);
            }
        }, loadExecutor);
        timer.scheduleWithFixedDelay(this::abortTimedOut, settings.abortCheckIntervalMs(),
                settings.abortCheckIntervalMs(), TimeUnit.MILLISECONDS);
    }

    private void replayed(int partition, RecordBatch batch, java.nio.ByteBuffer key, java.nio.ByteBuffer value) {
        String id = TxnRecords.readKey(key);
        if (value == null) {
            txns.remove(id);
        } else {
            txns.put(id, TxnRecords.readValue(id, value));
        }
    }

    private void finishCompleting(java.util.function.Predicate<String> scope) {
        for (TxnMetadata m : txns.values()) {
            if (!scope.test(m.transactionalId)) {
                continue;
            }
            synchronized (m) {
                if (m.state.isCompleting()) {
                    LOG.info("Finishing transaction of {} left in {}", m.transactionalId, m.state);
                    sendMarkers(m, m.state == TxnState.PREPARE_COMMIT);
                }
            }
        }
    }

    public ProducerIdAndEpoch initProducerId(String transactionalId, int timeoutMs, long expectedPid,
                                             short expectedEpoch) {
        if (transactionalId.isEmpty()) {
            return new ProducerIdAndEpoch(Errors.INVALID_REQUEST, -1, (short) -1);
        }
        if (timeoutMs <= 0 || timeoutMs > settings.maxTimeoutMs()) {
            return new ProducerIdAndEpoch(Errors.INVALID_TRANSACTION_TIMEOUT, -1, (short) -1);
        }
        TxnMetadata m = txns.computeIfAbsent(transactionalId,
                id -> new TxnMetadata(id, RecordBatch.NO_PRODUCER_ID, (short) -1, timeoutMs));
        synchronized (m) {
            if (m.state.isCompleting()) {
                return new ProducerIdAndEpoch(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
            }
            if (expectedPid != RecordBatch.NO_PRODUCER_ID && m.producerId != RecordBatch.NO_PRODUCER_ID
                    && (expectedPid != m.producerId || expectedEpoch != m.epoch)) {
                return new ProducerIdAndEpoch(Errors.PRODUCER_FENCED, -1, (short) -1);
            }
            if (m.state == TxnState.ONGOING) {
                LOG.info("Aborting the open transaction of {}: a new producer instance initialised", transactionalId);
                bumpEpoch(m);
                Errors aborting = endTransaction(m, false).getNow(Errors.CONCURRENT_TRANSACTIONS);
                if (m.state == TxnState.ONGOING) {
                    return new ProducerIdAndEpoch(aborting, -1, (short) -1);
                }
                if (m.state.isCompleting()) {
                    return new ProducerIdAndEpoch(Errors.CONCURRENT_TRANSACTIONS, -1, (short) -1);
                }
            }
            bumpEpoch(m);
            m.timeoutMs = timeoutMs;
            m.state = TxnState.EMPTY;
            m.partitions.clear();
            persist(m);
            return new ProducerIdAndEpoch(Errors.NONE, m.producerId, m.epoch);
        }
    }

    private void bumpEpoch(TxnMetadata m) {
        if (m.producerId == RecordBatch.NO_PRODUCER_ID || m.epoch >= Short.MAX_VALUE - 1) {
            m.producerId = ids.nextProducerId();
            m.epoch = 0;
        } else {
            m.epoch++;
        }
    }

    /**
     * DescribeTransactions: NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS when this broker does not (yet) coordinate
     * the id, TRANSACTIONAL_ID_NOT_FOUND when it has never been initialised.
     */
    public Map.Entry<Errors, Optional<TxnDescription>> describe(String transactionalId) {
        Errors ownership = stateTopic.ownership(transactionalId);
        if (ownership != Errors.NONE) {
            return Map.entry(ownership, Optional.empty());
        }
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            return Map.entry(Errors.TRANSACTIONAL_ID_NOT_FOUND, Optional.empty());
        }
        return Map.entry(Errors.NONE, Optional.of(snapshot(m)));
    }

    /** ListTransactions: every transactional id this broker coordinates (partitions still loading are skipped). */
    public List<TxnDescription> list() {
        List<TxnDescription> out = new ArrayList<>();
        for (TxnMetadata m : txns.values()) {
            if (stateTopic.ownership(m.transactionalId) == Errors.NONE) {
                out.add(snapshot(m));
            }
        }
        return out;
    }

    private static TxnDescription snapshot(TxnMetadata m) {
        synchronized (m) {
            return new TxnDescription(m.transactionalId, m.producerId, m.epoch, m.state, m.timeoutMs, m.startTimeMs,
                    List.copyOf(m.partitions));
        }
    }

    /** AddPartitionsToTxn: the error of every partition. */
    public Map<TopicPartition, Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                     Collection<TopicPartition> tps) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        TxnMetadata m = txns.get(transactionalId);
        Errors error = m == null ? Errors.INVALID_PRODUCER_ID_MAPPING : Errors.NONE;
        if (m != null) {
            synchronized (m) {
                error = validate(m, producerId, epoch);
                List<TopicPartition> unknown = tps.stream().filter(tp -> !exists(tp)).toList();
                if (error == Errors.NONE && !unknown.isEmpty()) {
                    for (TopicPartition tp : tps) {
                        result.put(tp, unknown.contains(tp) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                                : Errors.OPERATION_NOT_ATTEMPTED);
                    }
                    return result;
                }
                if (error == Errors.NONE && !m.partitions.containsAll(tps)) {
                    begin(m);
                    m.partitions.addAll(tps);
                    persist(m);
                }
            }
        }
        for (TopicPartition tp : tps) {
            result.put(tp, error);
        }
        return result;
    }

    /**
     * KIP-890 verification (AddPartitionsToTxn v4+ verifyOnly, or a local produce): NONE for each partition of the
     * producer's open transaction, INVALID_TXN_STATE for the others; the producer's own errors as in AddPartitionsToTxn.
     */
    public Map<TopicPartition, Errors> verifyPartitions(String transactionalId, long producerId, short epoch,
                                                        Collection<TopicPartition> tps) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            tps.forEach(tp -> result.put(tp, Errors.INVALID_PRODUCER_ID_MAPPING));
            return result;
        }
        synchronized (m) {
            Errors error = validate(m, producerId, epoch);
            for (TopicPartition tp : tps) {
                result.put(tp, error != Errors.NONE ? error
                        : m.state == TxnState.ONGOING && m.partitions.contains(tp) ? Errors.NONE
                        : Errors.INVALID_TXN_STATE);
            }
        }
        return result;
    }

    /** Whether the partition exists in the cluster (this broker need not host a replica of it). */
    private boolean exists(TopicPartition tp) {
        return metadata.topic(tp.topic()).map(t -> tp.partition() >= 0 && tp.partition() < t.partitions().size())
                .orElse(false);
    }

    /** AddOffsetsToTxn: the group's partition of __consumer_offsets joins the transaction. */
    public Errors addOffsets(String transactionalId, long producerId, short epoch, String groupId) {
        offsetsTopic.ensureCreated();
        TopicPartition tp = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME, offsetsTopic.partitionFor(groupId));
        return addPartitions(transactionalId, producerId, epoch, List.of(tp)).get(tp);
    }

    /** Checks that a TxnOffsetCommit comes from the current producer of its transactional id. */
    public Errors validateProducer(String transactionalId, long producerId, short epoch) {
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        synchronized (m) {
            return validate(m, producerId, epoch);
        }
    }

    /**
     * EndTxn: commits or aborts the open transaction. Completes once PREPARE_COMMIT/ABORT is committed in
     * {@code __transaction_state}; the markers follow (on a single node they are written before it completes).
     */
    public CompletableFuture<Errors> endTxn(String transactionalId, long producerId, short epoch, boolean commit) {
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            return CompletableFuture.completedFuture(Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        synchronized (m) {
            if (m.state == TxnState.ONGOING && validate(m, producerId, epoch) == Errors.NONE) {
                return endTransaction(m, commit);
            }
            return CompletableFuture.completedFuture(endTxnError(m, producerId, epoch, commit));
        }
    }

    /** EndTxn's answer when there is no open transaction to end (a retry, or a misuse). */
    private Errors endTxnError(TxnMetadata m, long producerId, short epoch, boolean commit) {
        Errors error = validate(m, producerId, epoch);
        if (error != Errors.NONE) {
            return error;
        }
        return switch (m.state) {
            case COMPLETE_COMMIT -> commit ? Errors.NONE : Errors.INVALID_TXN_STATE;
            case COMPLETE_ABORT, EMPTY -> commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
            default -> Errors.CONCURRENT_TRANSACTIONS;
        };
    }

    private Errors validate(TxnMetadata m, long producerId, short epoch) {
        if (m.producerId != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (m.epoch != epoch) {
            return Errors.PRODUCER_FENCED;
        }
        if (m.state.isCompleting()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return Errors.NONE;
    }

    private void begin(TxnMetadata m) {
        if (m.state != TxnState.ONGOING) {
            m.state = TxnState.ONGOING;
            m.partitions.clear();
            m.startTimeMs = time.milliseconds();
        }
    }

    /**
     * Writes PREPARE_COMMIT/ABORT with acks=all and, once it is committed, hands the markers to the sender: a
     * coordinator failing over before that leaves a new coordinator that knows nothing of the decision, and markers
     * already written would break the transaction's atomicity. Completes with the error EndTxn answers. When the
     * write itself fails, the transaction stays ONGOING; when only its commit is late, the client retries (its retries
     * get CONCURRENT_TRANSACTIONS) while the wait goes on in the background.
     */
    private CompletableFuture<Errors> endTransaction(TxnMetadata m, boolean commit) {
        TxnState previous = m.state;
        m.state = commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT;
        long offset;
        try {
            offset = stateTopic.writeForCommit(m.transactionalId,
                    List.of(Map.entry(TxnRecords.key(m.transactionalId), TxnRecords.value(m))));
        } catch (ApiException e) {
            m.state = previous;
            LOG.info("Could not prepare the {} of {}: {}", commit ? "commit" : "abort", m.transactionalId,
                    e.toString());
            return CompletableFuture.completedFuture(stateWriteError(Errors.forException(e)));
        }
        CompletableFuture<Errors> answer = new CompletableFuture<>();
        whenPrepared(m, commit, offset, answer);
        return answer;
    }

    private void whenPrepared(TxnMetadata m, boolean commit, long offset, CompletableFuture<Errors> answer) {
        CompletableFuture<Errors> committed = stateTopic.awaitCommit(m.transactionalId, offset, PREPARE_WAIT_MS);
        Errors now = committed.getNow(null);
        if (now != null) {
            prepared(m, commit, offset, answer, now);
        } else {
            committed.whenCompleteAsync((e, t) -> prepared(m, commit, offset, answer,
                    t == null ? e : Errors.forException(t)), markers.executor());
        }
    }

    private void prepared(TxnMetadata m, boolean commit, long offset, CompletableFuture<Errors> answer,
                          Errors error) {
        synchronized (m) {
            TxnState expected = commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT;
            if (txns.get(m.transactionalId) != m || m.state != expected) {
                answer.complete(Errors.NOT_COORDINATOR);
                return;
            }
            if (error == Errors.NONE) {
                answer.complete(Errors.NONE);
                sendMarkers(m, commit);
                return;
            }
            answer.complete(stateWriteError(error));
            if (error != Errors.NOT_LEADER_OR_FOLLOWER && stateTopic.ownership(m.transactionalId) == Errors.NONE) {
                try {
                    markers.schedule(() -> whenPrepared(m, commit, offset, answer), PREPARE_RETRY_MS);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the broker is stopping; the next coordinator finishes the transaction
                }
            }
        }
    }

    /** How a failed write to __transaction_state is answered (as Kafka's coordinator maps append errors). */
    private static Errors stateWriteError(Errors error) {
        return switch (error) {
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT,
                 UNKNOWN_TOPIC_OR_PARTITION -> Errors.COORDINATOR_NOT_AVAILABLE;
            default -> error;
        };
    }

    /** Hands a prepared transaction's markers to the sender; records it complete once they are all written. */
    private void sendMarkers(TxnMetadata m, boolean commit) {
        int coordinatorEpoch = coordinatorEpochs.getOrDefault(stateTopic.partitionFor(m.transactionalId), 0);
        MarkerSender.Job job = new MarkerSender.Job(m.transactionalId, m.producerId, m.epoch, coordinatorEpoch,
                commit, List.copyOf(m.partitions),
                () -> txns.get(m.transactionalId) == m && stateTopic.ownership(m.transactionalId) == Errors.NONE);
        markers.send(job).whenComplete((delivered, error) -> {
            if (error != null) {
                LOG.error("Sending the markers of {} failed: {}", m.transactionalId, error.toString());
            } else if (delivered) {
                markersWritten(m, job);
            }
        });
    }

    private void markersWritten(TxnMetadata m, MarkerSender.Job job) {
        synchronized (m) {
            TxnState prepared = job.commit() ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT;
            if (txns.get(m.transactionalId) != m || m.state != prepared || m.producerId != job.producerId()
                    || m.epoch != job.epoch()) {
                return;
            }
            m.state = job.commit() ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT;
            m.partitions.clear();
            try {
                persist(m);
            } catch (RuntimeException e) {
                m.state = prepared;
                m.partitions.addAll(job.partitions());
                retryComplete(m, job, e);
                return;
            }
        }
        LOG.debug("Transaction of {} (producer {} epoch {}) {}", m.transactionalId, m.producerId, m.epoch,
                job.commit() ? "committed" : "aborted");
    }

    /**
     * The markers are written but COMPLETE could not be recorded: while this broker still coordinates the id, the
     * write is tried again (an ISR member that just died holds it back until the ISR shrinks); otherwise the new
     * coordinator, finding PREPARE, sends the markers again and records COMPLETE itself. Until then the producer's
     * calls get CONCURRENT_TRANSACTIONS.
     */
    private void retryComplete(TxnMetadata m, MarkerSender.Job job, RuntimeException cause) {
        if (stateTopic.ownership(m.transactionalId) != Errors.NONE) {
            LOG.info("Could not record the transaction of {} complete, its new coordinator will: {}",
                    m.transactionalId, cause.toString());
            return;
        }
        LOG.info("Could not record the transaction of {} complete, retrying in {} ms: {}", m.transactionalId,
                PREPARE_RETRY_MS, cause.toString());
        try {
            markers.schedule(() -> markersWritten(m, job), PREPARE_RETRY_MS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the broker is stopping; the next coordinator finishes the transaction
        }
    }

    private void abortTimedOut() {
        long now = time.milliseconds();
        for (TxnMetadata m : new ArrayList<>(txns.values())) {
            synchronized (m) {
                if (m.state == TxnState.ONGOING && now - m.startTimeMs > m.timeoutMs) {
                    LOG.info("Aborting the transaction of {}: open longer than its timeout of {} ms",
                            m.transactionalId, m.timeoutMs);
                    bumpEpoch(m);
                    endTransaction(m, false);
                }
            }
        }
    }

    private void persist(TxnMetadata m) {
        stateTopic.write(m.transactionalId, List.of(Map.entry(TxnRecords.key(m.transactionalId), TxnRecords.value(m))));
    }

}
