package io.ferry.broker.partition;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import io.ferry.broker.log.AppendResult;
import io.ferry.broker.log.PartitionLog;
import io.ferry.broker.log.ReadResult;
import io.ferry.broker.producer.BatchMetadata;
import io.ferry.broker.producer.ProducerStateManager;
import io.ferry.broker.producer.ProducerStateCheckpoints;
import io.ferry.broker.producer.ProducerStateSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition led by this broker. Appends are serialised here: the producer-state check, the log append and the
 * high-watermark move happen under one lock, then waiting fetches are woken outside it.
 */
public final class Partition {

    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final long producerIdExpirationMs;
    private volatile int leaderEpoch;
    private ProducerStateManager producers;
    /** The segment whose roll was last checkpointed (or that was active when the state was loaded). */
    private long checkpointedSegment = -1;
    private final Set<Runnable> appendListeners = ConcurrentHashMap.newKeySet();

    /** @param producerIdExpirationMs {@code producer.id.expiration.ms}, see {@link ProducerStateManager} */
    public Partition(TopicPartition topicPartition, Uuid topicId, PartitionLog log, int leaderEpoch, long producerIdExpirationMs) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.leaderEpoch = leaderEpoch;
        // This broker is the partition's only in-sync replica, so everything in its log is committed, including
        // data written after the last high-watermark checkpoint before a crash.
        log.updateHighWatermark(log.logEndOffset());
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Checks the leader epoch a client believes current: NONE when it matches or is absent (-1),
     * FENCED_LEADER_EPOCH when older, UNKNOWN_LEADER_EPOCH when newer than ours.
     */
    public Errors checkLeaderEpoch(int clientEpoch) {
        int epoch = leaderEpoch;
        if (clientEpoch < 0 || clientEpoch == epoch) {
            return Errors.NONE;
        }
        return clientEpoch < epoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }

    /** The result of a produce to this partition: the first offset, log-append time and log start offset. */
    public record ProduceResult(long baseOffset, long logAppendTime, long logStartOffset) {
    }

    /**
     * Appends a producer's records as leader. A retried batch from an idempotent producer is answered with its
     * original offset and not written again.
     */
    public ProduceResult appendRecordsAsLeader(MemoryRecords records) throws IOException {
        ProduceResult result;
        synchronized (this) {
            Iterator<MutableRecordBatch> it = records.batches().iterator();
            if (!it.hasNext()) {
                throw new InvalidRecordException("Produce request for " + topicPartition + " holds no record batch");
            }
            MutableRecordBatch batch = it.next();
            if (it.hasNext()) {
                throw new InvalidRecordException("Produce requests v3+ must hold exactly one record batch per "
                        + "partition; " + topicPartition + " got more");
            }
            if (batch.isControlBatch()) {
                throw new InvalidRecordException("Clients may not write control batches; " + topicPartition
                        + " got one");
            }
            if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("Only record batch format v2 is supported; " + topicPartition
                        + " got magic " + batch.magic());
            }
            ProducerStateManager state = producerState();
            Optional<BatchMetadata> duplicate = state.check(batch);
            if (duplicate.isPresent()) {
                return new ProduceResult(duplicate.get().firstOffset(), RecordBatch.NO_TIMESTAMP, log.logStartOffset());
            }
            AppendResult appended = log.appendAsLeader(records, leaderEpoch);
            long now = System.currentTimeMillis();
            state.update(batch, now);
            state.expireProducers(now);
            appended(state);
            result = new ProduceResult(appended.firstOffset(), appended.logAppendTime(), appended.logStartOffset());
        }
        notifyAppend();
        return result;
    }

    /** Reads for a consumer: only below the high watermark (read_uncommitted) or the last stable offset. */
    public ReadResult readForConsumer(long offset, int maxBytes, boolean minOneBatch, boolean committed)
            throws IOException {
        long limit = committed ? lastStableOffset() : log.highWatermark();
        return log.read(offset, maxBytes, limit, minOneBatch);
    }

    /** The high watermark, lowered to the first offset of the oldest open transaction. */
    public synchronized long lastStableOffset() throws IOException {
        long hw = log.highWatermark();
        return Math.min(hw, producerState().firstUnstableOffset().orElse(hw));
    }

    /** Aborted transactions a read_committed consumer must filter out of offsets [from, to]. */
    public synchronized List<ProducerStateManager.AbortedTxn> abortedTransactions(long from, long to)
            throws IOException {
        ProducerStateManager state = producerState();
        state.forgetAbortedBefore(log.logStartOffset());
        return state.abortedBetween(from, to);
    }

    /**
     * Appends records written by a coordinator on behalf of a transactional producer (TxnOffsetCommit): they join
     * the producer's transaction but carry no client sequence to check.
     */
    public void appendCoordinatorRecords(MemoryRecords records) throws IOException {
        synchronized (this) {
            ProducerStateManager state = producerState();
            log.appendAsLeader(records, leaderEpoch);
            long now = System.currentTimeMillis();
            records.batches().forEach(batch -> state.update(batch, now));
            appended(state);
        }
        notifyAppend();
    }

    /**
     * Writes a transaction marker (commit or abort) for a producer, ending its transaction here. Returns false, and
     * writes nothing, when the producer has no open transaction in this partition.
     */
    public boolean appendTransactionMarker(long producerId, short epoch, boolean commit, int coordinatorEpoch)
            throws IOException {
        synchronized (this) {
            ProducerStateManager state = producerState();
            if (!state.hasOngoingTransaction(producerId)) {
                return false;
            }
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(System.currentTimeMillis(), producerId,
                    epoch, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                            coordinatorEpoch));
            log.appendAsLeader(marker, leaderEpoch);
            long now = System.currentTimeMillis();
            marker.batches().forEach(batch -> state.update(batch, now));
            appended(state);
        }
        notifyAppend();
        return true;
    }

    /** Registers a callback run after every append (long-polling fetches). */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    private void notifyAppend() {
        for (Runnable r : appendListeners) {
            r.run();
        }
    }

    /**
     * Producer state is loaded on first use, so broker start-up reads no log: from the snapshot of the last clean
     * shutdown when the log still ends where it did then, else from the newest checkpoint (taken at each segment
     * roll) plus the batches after it, else rebuilt from every batch of the log.
     */
    private ProducerStateManager producerState() throws IOException {
        if (producers == null) {
            ProducerStateManager state = new ProducerStateManager(topicPartition.toString(), producerIdExpirationMs);
            long start = log.logStartOffset();
            long end = log.logEndOffset();
            if (!ProducerStateSnapshot.take(log.directory(), end, state)) {
                long checkpoint = ProducerStateCheckpoints.load(log.directory(), start, end, state);
                if (checkpoint >= 0) {
                    state.replay(log.batchesFrom(checkpoint));
                } else {
                    state.rebuild(log.batchesFrom(start));
                }
            }
            state.expireProducers(System.currentTimeMillis());
            checkpointedSegment = log.activeSegmentBaseOffset();
            producers = state;
        }
        return producers;
    }

    /** After an append: the high watermark moves to the log end, and a roll to a new segment saves a checkpoint. */
    private void appended(ProducerStateManager state) {
        log.updateHighWatermark(log.logEndOffset());
        long active = log.activeSegmentBaseOffset();
        if (active != checkpointedSegment) {
            checkpointedSegment = active;
            try {
                ProducerStateCheckpoints.write(log.directory(), log.logStartOffset(), log.logEndOffset(), state);
            } catch (IOException e) {
                LOG.warn("Could not checkpoint the producer state of {} (a restart after a crash reads more of the log): {}",
                        topicPartition, e.toString());
            }
        }
    }

    /** Saves the producer state for the next start (at a clean shutdown, once nothing appends any more). */
    public synchronized void saveProducerState() throws IOException {
        if (producers != null) {
            ProducerStateSnapshot.write(log.directory(), log.logEndOffset(), producers);
        }
    }

    /** Raises the log start offset (DeleteRecords); returns the new low watermark. */
    public long deleteRecordsBefore(long offset) throws IOException {
        long result;
        synchronized (this) {
            result = log.advanceLogStartOffset(offset);
        }
        notifyAppend();
        return result;
    }
}
