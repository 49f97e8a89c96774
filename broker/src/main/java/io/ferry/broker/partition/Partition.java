package io.ferry.broker.partition;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.log.AppendResult;
import io.ferry.broker.log.EpochEndOffset;
import io.ferry.broker.log.PartitionLog;
import io.ferry.broker.log.ReadResult;
import io.ferry.broker.producer.ActiveProducer;
import io.ferry.broker.producer.BatchMetadata;
import io.ferry.broker.producer.ProducerStateManager;
import io.ferry.broker.producer.ProducerStateCheckpoints;
import io.ferry.broker.producer.ProducerStateSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica of a partition on this broker, leading or following. Appends are serialised here: the producer-state
 * check, the log append and the high-watermark move happen under one lock, then waiting fetches and acks=all produces
 * are completed outside it. As leader it tracks its followers ({@link Leadership}): the high watermark is the smallest
 * log end offset over the ISR, and it does not advance while the ISR is smaller than {@code min.insync.replicas}
 * (capped at the replica count). A single-node broker's partitions lead with themselves as the only replica.
 */
public final class Partition {

    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final long producerIdExpirationMs;
    private final int localBroker;
    private final IsrChanges isrChanges;
    private volatile int leaderEpoch;
    private volatile int leader;
    private volatile int minInsyncReplicas = 1;
    private volatile long leaderHighWatermarkSeen = -1;
    /** This broker's leadership, or null while it follows (or has no leader). Guarded by this. */
    private Leadership leadership;
    private final CommitWaiters commits = new CommitWaiters();
    private ProducerStateManager producers;
    /** The segment whose roll was last checkpointed (or that was active when the state was loaded). */
    private long checkpointedSegment = -1;
    private final Set<Runnable> appendListeners = ConcurrentHashMap.newKeySet();

    /** Where a leader sends the ISR changes it proposes; the outcome comes back through {@link #isrChangeCommitted}. */
    public interface IsrChanges {
        void propose(Partition partition, PartitionState proposed);

        /** Whether {@code broker} may join an ISR: a live broker (not one that is shutting down or gone). */
        boolean isEligible(int broker);
    }

    /**
     * A replica with no role yet: {@link #becomeLeader} or {@link #becomeFollower} gives it one.
     *
     * @param producerIdExpirationMs {@code producer.id.expiration.ms}, see {@link ProducerStateManager}
     */
    public Partition(TopicPartition topicPartition, Uuid topicId, PartitionLog log, int localBroker,
                     long producerIdExpirationMs, IsrChanges isrChanges) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.localBroker = localBroker;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.isrChanges = isrChanges;
        this.leaderEpoch = -1;
        this.leader = -1;
    }

    /** A partition of a single-node broker: it leads, alone, in {@code leaderEpoch}. */
    public static Partition soleReplica(TopicPartition tp, Uuid topicId, PartitionLog log, int localBroker,
                                        int leaderEpoch, long producerIdExpirationMs) throws IOException {
        Partition p = new Partition(tp, topicId, log, localBroker, producerIdExpirationMs, new IsrChanges() {
            @Override
            public void propose(Partition partition, PartitionState proposed) {
                throw new IllegalStateException("a sole replica never changes its ISR");
            }

            @Override
            public boolean isEligible(int broker) {
                return false;
            }
        });
        p.becomeLeader(PartitionState.local(tp.partition(), localBroker, leaderEpoch));
        return p;
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

    /** The leader this replica knows of (this broker's id while it leads), -1 if none. */
    public int leader() {
        return leader;
    }

    public boolean isLeader() {
        return leader == localBroker;
    }

    /**
     * How far this replica's log end is behind what it knows of the partition: 0 on the leader; on a follower the
     * leader's high watermark from its last fetch answer (its own high watermark before any) minus its log end,
     * never below 0.
     */
    public long offsetLag() {
        if (isLeader()) {
            return 0;
        }
        long known = Math.max(leaderHighWatermarkSeen, log.highWatermark());
        return Math.max(0, known - log.logEndOffset());
    }

    /** {@code min.insync.replicas} of the topic. */
    public void setMinInsyncReplicas(int minInsyncReplicas) {
        this.minInsyncReplicas = minInsyncReplicas;
    }

    // ---------------------------------------------------------------- roles

    /**
     * Makes this replica the leader in {@code state}'s epoch: the epoch starts at the log end offset, every follower's
     * progress is unknown until it fetches, and the high watermark stays where it is until the ISR allows more.
     */
    public void becomeLeader(PartitionState state) throws IOException {
        List<CompletableFuture<Errors>> released;
        synchronized (this) {
            long end = log.logEndOffset();
            if (state.replicas().size() > 1) {
                // Followers ask where this epoch starts before anything is appended in it (KIP-279). A sole replica
                // records it with its first append instead, saving an fsync per partition at creation.
                log.assignEpochStartOffset(state.leaderEpoch(), end);
            }
            leaderEpoch = state.leaderEpoch();
            leadership = new Leadership(localBroker, state, end, System.currentTimeMillis());
            leader = localBroker;
            released = maybeAdvanceHighWatermark();
        }
        complete(released, Errors.NONE);
        notifyAppend();
    }

    /**
     * Makes this replica follow {@code state}'s leader (or wait for one, leader -1). acks=all produces waiting on
     * the old leadership fail with NOT_LEADER_OR_FOLLOWER: their records may or may not survive.
     */
    public void becomeFollower(PartitionState state) {
        List<CompletableFuture<Errors>> released;
        synchronized (this) {
            leadership = null;
            leaderEpoch = state.leaderEpoch();
            leader = state.leader();
            released = commits.releaseAll();
        }
        complete(released, Errors.NOT_LEADER_OR_FOLLOWER);
        notifyAppend();
    }

    /** The committed state of this leadership (replicas, ISR, partition epoch), or empty when not leading. */
    public synchronized Optional<PartitionState> leaderState() {
        return leadership == null ? Optional.empty() : Optional.of(leadership.committed());
    }

    /** An ISR change of this leader epoch was committed (by this leader, or read back from the metadata). */
    public void isrChangeCommitted(PartitionState state) {
        List<CompletableFuture<Errors>> released;
        synchronized (this) {
            if (leadership == null || state.leaderEpoch() != leadership.leaderEpoch()) {
                return;
            }
            leadership.committed(state);
            released = maybeAdvanceHighWatermark();
        }
        complete(released, Errors.NONE);
        notifyAppend();
    }

    /** The proposed ISR change was refused (the state moved on); the leader waits for the new state. */
    public synchronized void isrChangeFailed() {
        if (leadership != null) {
            leadership.changeFailed();
        }
    }

    /** Looks for followers that lag longer than {@code maxLagMs} and proposes to drop them from the ISR. */
    public void maybeShrinkIsr(long nowMs, long maxLagMs) {
        PartitionState proposed;
        synchronized (this) {
            if (leadership == null) {
                return;
            }
            long end = log.logEndOffset();
            proposed = leadership.proposeIsrChange(Math.max(0, log.highWatermark()), end, nowMs, maxLagMs,
                    isrChanges::isEligible, -1);
        }
        if (proposed != null) {
            isrChanges.propose(this, proposed);
        }
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

    /**
     * The result of a produce to this partition: the first and last offset, log-append time and log start offset.
     */
    public record ProduceResult(long baseOffset, long lastOffset, long logAppendTime, long logStartOffset) {
    }

    /** Appends as leader for acks=1 (coordinators' own writes). */
    public ProduceResult appendRecordsAsLeader(MemoryRecords records) throws IOException {
        return appendRecordsAsLeader(records, (short) 1);
    }

    /**
     * Appends a producer's records as leader. A retried batch from an idempotent producer is answered with its
     * original offsets and not written again. With acks=all the ISR must hold at least {@code min.insync.replicas}
     * before anything is written ({@link NotEnoughReplicasException} otherwise); {@link #awaitCommit} then tells when
     * the records are committed.
     */
    public ProduceResult appendRecordsAsLeader(MemoryRecords records, short acks) throws IOException {
        return append(records, acks, false, null);
    }

    /**
     * Appends a client's records as leader, refusing (INVALID_TXN_STATE) a transactional batch that would open a
     * transaction here unless {@code verified} is the token of {@link #startVerification} and no marker was written
     * since (KIP-890).
     */
    public ProduceResult appendVerifiedRecordsAsLeader(MemoryRecords records, short acks, Object verified)
            throws IOException {
        return append(records, acks, true, verified);
    }

    /**
     * KIP-890: null when the batch needs no check with its transaction coordinator; otherwise the token to append
     * with once the coordinator confirmed the partition is in the transaction.
     */
    public synchronized Object startVerification(RecordBatch batch) throws IOException {
        ProducerStateManager state = producerState();
        return state.needsVerification(batch) ? state.startVerification(batch.producerId()) : null;
    }

    /** Forgets a verification the coordinator refused. */
    public synchronized void endVerification(long producerId, Object token) throws IOException {
        producerState().endVerification(producerId, token);
    }

    private ProduceResult append(MemoryRecords records, short acks, boolean checkVerified, Object verified)
            throws IOException {
        ProduceResult result;
        List<CompletableFuture<Errors>> released;
        synchronized (this) {
            Leadership lead = requireLeadership();
            if (acks == -1 && lead.isrSize() < effectiveMinIsr(lead)) {
                throw new NotEnoughReplicasException("The ISR of " + topicPartition + " " + lead.committed().isr()
                        + " is smaller than min.insync.replicas " + minInsyncReplicas);
            }
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
                BatchMetadata d = duplicate.get();
                return new ProduceResult(d.firstOffset(), d.lastOffset(), RecordBatch.NO_TIMESTAMP,
                        log.logStartOffset());
            }
            if (checkVerified) {
                state.checkVerified(batch, verified);
            }
            AppendResult appended = log.appendAsLeader(records, leaderEpoch);
            long now = System.currentTimeMillis();
            state.update(batch, now);
            state.expireProducers(now);
            released = appended(state);
            result = new ProduceResult(appended.firstOffset(), appended.lastOffset(), appended.logAppendTime(),
                    appended.logStartOffset());
        }
        complete(released, Errors.NONE);
        notifyAppend();
        return result;
    }

    /**
     * Completes once the high watermark passed {@code lastOffset}: NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND when the
     * ISR shrank below {@code min.insync.replicas} meanwhile; NOT_LEADER_OR_FOLLOWER if leadership is lost first.
     * The caller bounds the wait (REQUEST_TIMED_OUT).
     */
    public CompletableFuture<Errors> awaitCommit(long lastOffset) {
        synchronized (this) {
            if (leadership == null) {
                return CompletableFuture.completedFuture(Errors.NOT_LEADER_OR_FOLLOWER);
            }
            if (log.highWatermark() <= lastOffset) {
                return commits.add(lastOffset + 1).thenApply(e -> e == Errors.NONE ? minIsrCheck() : e);
            }
        }
        return CompletableFuture.completedFuture(minIsrCheck());
    }

    private synchronized Errors minIsrCheck() {
        if (leadership == null) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        return leadership.isrSize() < effectiveMinIsr(leadership) ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                : Errors.NONE;
    }

    private int effectiveMinIsr(Leadership lead) {
        return Math.min(minInsyncReplicas, lead.committed().replicas().size());
    }

    private Leadership requireLeadership() {
        if (leadership == null) {
            throw new NotLeaderOrFollowerException("Broker " + localBroker + " is not the leader of "
                    + topicPartition + " (leader " + leader + ", epoch " + leaderEpoch + ")");
        }
        return leadership;
    }

    private static void complete(List<CompletableFuture<Errors>> waiters, Errors result) {
        for (CompletableFuture<Errors> f : waiters) {
            f.complete(result);
        }
    }

    /** Reads for a consumer: only below the high watermark (read_uncommitted) or the last stable offset. */
    public ReadResult readForConsumer(long offset, int maxBytes, boolean minOneBatch, boolean committed)
            throws IOException {
        if (!isLeader()) {
            throw new NotLeaderOrFollowerException("Broker " + localBroker + " is not the leader of "
                    + topicPartition);
        }
        long limit = committed ? lastStableOffset() : log.highWatermark();
        return log.read(offset, maxBytes, limit, minOneBatch);
    }

    /** What a follower's fetch gets: records up to the log end, or the epoch where its log diverges from ours. */
    public record FollowerRead(ReadResult records, EpochEndOffset diverging) {
    }

    /**
     * A follower's fetch from {@code fetchOffset}, whose last batch has epoch {@code lastFetchedEpoch} (-1 if
     * unknown). If our log ends that epoch earlier (or does not have it), the follower diverged: it gets no records
     * and the epoch and end offset to truncate to. Otherwise records up to our log end, and its progress counts
     * towards the ISR and the high watermark.
     */
    public FollowerRead readForFollower(int replica, long fetchOffset, int lastFetchedEpoch, int maxBytes,
                                        long nowMs) throws IOException {
        PartitionState proposed;
        List<CompletableFuture<Errors>> released;
        FollowerRead result;
        boolean hwMoved;
        synchronized (this) {
            Leadership lead = requireLeadership();
            if (!lead.isReplica(replica)) {
                throw new NotLeaderOrFollowerException("Broker " + replica + " is not a replica of "
                        + topicPartition + " " + lead.committed().replicas());
            }
            if (lastFetchedEpoch >= 0) {
                EpochEndOffset end = log.endOffsetForEpoch(lastFetchedEpoch);
                if (end.leaderEpoch() < 0) {
                    // No epoch this old here: only what lies below our log start can be shared.
                    return new FollowerRead(null, new EpochEndOffset(lastFetchedEpoch, log.logStartOffset()));
                }
                if (end.leaderEpoch() < lastFetchedEpoch || end.endOffset() < fetchOffset) {
                    return new FollowerRead(null, end);
                }
            }
            long end = log.logEndOffset();
            ReadResult read = log.read(fetchOffset, maxBytes, end, true);
            lead.followerFetched(replica, fetchOffset, end, nowMs);
            long hwBefore = log.highWatermark();
            released = maybeAdvanceHighWatermark();
            hwMoved = log.highWatermark() != hwBefore;
            proposed = lead.proposeIsrChange(Math.max(0, log.highWatermark()), end, nowMs, Long.MAX_VALUE,
                    isrChanges::isEligible, replica);
            result = new FollowerRead(read, null);
        }
        complete(released, Errors.NONE);
        if (hwMoved) {
            notifyAppend();
        }
        if (proposed != null) {
            isrChanges.propose(this, proposed);
        }
        return result;
    }

    /**
     * Appends batches fetched from the leader (their offsets and epochs unchanged), updates the producer state, and
     * moves the high watermark to the leader's, as far as this log reaches.
     */
    public void appendAsFollower(MemoryRecords records, long leaderHighWatermark) throws IOException {
        synchronized (this) {
            if (records.sizeInBytes() > 0) {
                ProducerStateManager state = producerState();
                log.appendAsFollower(records);
                long now = System.currentTimeMillis();
                records.batches().forEach(batch -> state.update(batch, now));
                checkpointOnRoll(state);
            }
            leaderHighWatermarkSeen = leaderHighWatermark;
            long hw = Math.min(leaderHighWatermark, log.logEndOffset());
            if (hw > log.highWatermark()) {
                log.updateHighWatermark(hw);
            }
        }
        notifyAppend();
    }

    /**
     * Removes this replica's divergent suffix at and after {@code offset}; below the log start the log restarts
     * empty at {@code offset}. The producer state is reloaded from what remains.
     */
    public synchronized void truncateTo(long offset) throws IOException {
        log.truncateTo(offset);
        producers = null;
    }

    /** Empties this replica's log and restarts it at {@code offset} (the leader's log start is beyond it). */
    public synchronized void truncateFullyAndStartAt(long offset) throws IOException {
        log.truncateFullyAndStartAt(offset);
        producers = null;
    }

    /** The high watermark, lowered to the first offset of the oldest open transaction. */
    public synchronized long lastStableOffset() throws IOException {
        long hw = log.highWatermark();
        return Math.min(hw, producerState().firstUnstableOffset().orElse(hw));
    }

    /** The producers this replica remembers, with their open transactions (DescribeProducers). */
    public synchronized List<ActiveProducer> activeProducers() throws IOException {
        return producerState().activeProducers();
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
     * the producer's transaction but carry no client sequence to check. Returns the last offset written.
     */
    public long appendCoordinatorRecords(MemoryRecords records) throws IOException {
        List<CompletableFuture<Errors>> released;
        long last;
        synchronized (this) {
            requireLeadership();
            ProducerStateManager state = producerState();
            last = log.appendAsLeader(records, leaderEpoch).lastOffset();
            long now = System.currentTimeMillis();
            records.batches().forEach(batch -> state.update(batch, now));
            released = appended(state);
        }
        complete(released, Errors.NONE);
        notifyAppend();
        return last;
    }

    /**
     * Writes a transaction marker (commit or abort) for a producer, ending its transaction here, and returns its
     * offset. Returns -1, and writes nothing, when the producer has no open transaction in this partition. A marker
     * from a fenced coordinator or an old producer epoch is refused ({@link ProducerStateManager#checkMarker}).
     */
    public long appendTransactionMarker(long producerId, short epoch, boolean commit, int coordinatorEpoch)
            throws IOException {
        List<CompletableFuture<Errors>> released;
        long offset;
        synchronized (this) {
            requireLeadership();
            ProducerStateManager state = producerState();
            state.checkMarker(producerId, epoch, coordinatorEpoch);
            if (!state.hasOngoingTransaction(producerId)) {
                return -1;
            }
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(System.currentTimeMillis(), producerId,
                    epoch, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                            coordinatorEpoch));
            offset = log.appendAsLeader(marker, leaderEpoch).lastOffset();
            long now = System.currentTimeMillis();
            marker.batches().forEach(batch -> state.update(batch, now));
            released = appended(state);
        }
        complete(released, Errors.NONE);
        notifyAppend();
        return offset;
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

    /**
     * After a leader append: the high watermark moves as far as the ISR allows, and a roll to a new segment saves a
     * producer state checkpoint. Returns the acks=all waiters now committed.
     */
    private List<CompletableFuture<Errors>> appended(ProducerStateManager state) {
        List<CompletableFuture<Errors>> released = maybeAdvanceHighWatermark();
        checkpointOnRoll(state);
        return released;
    }

    /**
     * Moves the high watermark to the smallest log end offset over the ISR, never backwards, and not while the ISR
     * is smaller than min.insync.replicas (a lone leader cannot commit what a returning replica lacks: KIP-966).
     */
    private List<CompletableFuture<Errors>> maybeAdvanceHighWatermark() {
        Leadership lead = leadership;
        if (lead == null || lead.isrSize() < effectiveMinIsr(lead)) {
            return List.of();
        }
        long hw = lead.highWatermark(log.logEndOffset());
        if (hw > log.highWatermark()) {
            log.updateHighWatermark(hw);
        }
        return commits.release(log.highWatermark());
    }

    private void checkpointOnRoll(ProducerStateManager state) {
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
            requireLeadership();
            result = log.advanceLogStartOffset(offset);
        }
        notifyAppend();
        return result;
    }
}
