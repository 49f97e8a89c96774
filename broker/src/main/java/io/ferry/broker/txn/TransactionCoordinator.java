package io.ferry.broker.txn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.partition.InternalTopic;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;
import io.ferry.broker.producer.ProducerIdAllocator;

/**
 * Kafka's transaction coordinator for this broker: InitProducerId with a transactional id (a new epoch fences the
 * previous producer and aborts its open transaction), AddPartitionsToTxn, AddOffsetsToTxn and EndTxn (markers are
 * written to every partition of the transaction between a durable PREPARE and a durable COMPLETE state). Every state
 * change is in {@code __transaction_state} before it is answered.
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
    private final PartitionManager partitions;
    private final GroupOffsets groupOffsets;
    private final InternalTopic offsetsTopic;
    private final ProducerIdAllocator ids;
    private final Time time;
    private final Map<String, TxnMetadata> txns = new ConcurrentHashMap<>();

    public TransactionCoordinator(Settings settings, InternalTopic stateTopic, PartitionManager partitions,
                                  GroupOffsets groupOffsets, InternalTopic offsetsTopic, ProducerIdAllocator ids,
                                  Time time) {
        this.settings = settings;
        this.stateTopic = stateTopic;
        this.partitions = partitions;
        this.groupOffsets = groupOffsets;
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
                stateTopic.replay(partition, TransactionCoordinator.this::replayed);
                finishCompleting(id -> stateTopic.partitionFor(id) == partition);
            }

            @Override
            public void unload(int partition) {
                txns.keySet().removeIf(id -> stateTopic.partitionFor(id) == partition);
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
                    complete(m, m.state == TxnState.PREPARE_COMMIT);
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
                endTransaction(m, false);
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

    /** AddPartitionsToTxn: the error of every partition. */
    public Map<TopicPartition, Errors> addPartitions(String transactionalId, long producerId, short epoch,
                                                     Collection<TopicPartition> tps) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        TxnMetadata m = txns.get(transactionalId);
        Errors error = m == null ? Errors.INVALID_PRODUCER_ID_MAPPING : Errors.NONE;
        if (m != null) {
            synchronized (m) {
                error = validate(m, producerId, epoch);
                List<TopicPartition> unknown = tps.stream().filter(tp -> partitions.partition(tp).isEmpty()).toList();
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

    /** EndTxn: commits or aborts the open transaction. */
    public Errors endTxn(String transactionalId, long producerId, short epoch, boolean commit) {
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        synchronized (m) {
            Errors error = validate(m, producerId, epoch);
            if (error != Errors.NONE) {
                return error;
            }
            switch (m.state) {
                case ONGOING -> {
                    endTransaction(m, commit);
                    return Errors.NONE;
                }
                case COMPLETE_COMMIT -> {
                    return commit ? Errors.NONE : Errors.INVALID_TXN_STATE;
                }
                case COMPLETE_ABORT -> {
                    return commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
                }
                case EMPTY -> {
                    return commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
                }
                default -> {
                    return Errors.CONCURRENT_TRANSACTIONS;
                }
            }
        }
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

    private void endTransaction(TxnMetadata m, boolean commit) {
        m.state = commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT;
        persist(m);
        complete(m, commit);
    }

    /** Writes the markers of a prepared transaction, then records it complete. */
    private void complete(TxnMetadata m, boolean commit) {
        for (TopicPartition tp : m.partitions) {
            Partition partition = partitions.partition(tp).orElse(null);
            if (partition == null) {
                continue; // the topic was deleted while the transaction was open
            }
            try {
                boolean written = partition.appendTransactionMarker(m.producerId, m.epoch, commit, 0);
                if (written && tp.topic().equals(Topic.GROUP_METADATA_TOPIC_NAME)) {
                    groupOffsets.completeTransaction(tp.partition(), m.producerId, commit);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Could not write a transaction marker to " + tp, e);
            }
        }
        m.state = commit ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT;
        m.partitions.clear();
        persist(m);
        LOG.debug("Transaction of {} (producer {} epoch {}) {}", m.transactionalId, m.producerId, m.epoch,
                commit ? "committed" : "aborted");
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
