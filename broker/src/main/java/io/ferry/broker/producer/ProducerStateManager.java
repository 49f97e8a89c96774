package io.ferry.broker.producer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Per partition: the epoch and the last five batches of every producer id seen, to reject stale epochs and gaps in
 * sequence numbers and to recognise a retried batch (answered with its original offsets, never as out of order).
 * A producer id without an open transaction is forgotten {@code producer.id.expiration.ms} after its last write, as
 * in Kafka (applications that create a producer per job would otherwise grow this without bound); aborted
 * transactions are forgotten once the log no longer holds them. Not thread-safe: the owning partition serialises access.
 */
public final class ProducerStateManager {

    static final int BATCHES_KEPT = 5;

    /** How often expired producer ids are looked for, at most (Kafka's producer.id.expiration.check.interval.ms). */
    static final long EXPIRATION_CHECK_INTERVAL_MS = 600_000;

    private final String partitionName;
    private final long expirationMs;
    private long nextExpirationCheck;
    private final Map<Long, Entry> producers = new HashMap<>();
    /** Open transactions: producer id to the offset of its first record in this partition. */
    private final Map<Long, Long> ongoing = new HashMap<>();
    /** First offsets of open transactions, for the last stable offset. */
    private final TreeMap<Long, Long> ongoingByOffset = new TreeMap<>();
    /**
     * KIP-890: a token per producer whose transaction is being verified with its coordinator before its first batch
     * here; a marker written meanwhile removes it, so a batch verified before the transaction ended is refused.
     */
    private final Map<Long, Object> verificationGuards = new HashMap<>();
    /** Aborted transactions, in marker order (so by increasing last offset). */
    private final ArrayDeque<AbortedTxn> aborted = new ArrayDeque<>();

    /** A transaction that was aborted: its producer, first offset and the offset of its abort marker. */
    public record AbortedTxn(long producerId, long firstOffset, long lastOffset) {
    }

    /**
     * @param partitionName for messages
     * @param expirationMs  {@code producer.id.expiration.ms}: how long a producer id without an open transaction is
     *                      remembered after its last write
     */
    public ProducerStateManager(String partitionName, long expirationMs) {
        this.partitionName = partitionName;
        this.expirationMs = expirationMs;
    }

    private static final class Entry {
        short epoch;
        /** The coordinator epoch of the last transaction marker written for this producer; -1 before any. */
        int coordinatorEpoch = -1;
        long lastWriteMs;
        final Deque<BatchMetadata> batches = new ArrayDeque<>(BATCHES_KEPT);

        Entry(short epoch) {
            this.epoch = epoch;
        }

        int lastSeq() {
            return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.peekLast().lastSeq();
        }
    }

    /**
     * Checks an incoming batch before it is appended. Returns the original batch when this is a retry of one of the
     * last five, empty when it may be appended.
     *
     * @throws InvalidProducerEpochException for an epoch older than the producer's current one
     * @throws OutOfOrderSequenceException   for a sequence gap
     */
    public Optional<BatchMetadata> check(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        Entry e = producers.get(batch.producerId());
        if (e == null) {
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        if (epoch < e.epoch) {
            throw new InvalidProducerEpochException("Producer " + batch.producerId() + " epoch " + epoch
                    + " is older than the current epoch " + e.epoch + " on " + partitionName);
        }
        if (epoch == e.epoch) {
            for (BatchMetadata b : e.batches) {
                if (b.firstSeq() == batch.baseSequence() && b.lastSeq() == batch.lastSequence()) {
                    return Optional.of(b);
                }
            }
        }
        if (batch.isControlBatch() || batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
            return Optional.empty();
        }
        if (epoch > e.epoch) {
            if (batch.baseSequence() != 0) {
                throw outOfOrder(batch, "a new epoch must start at sequence 0");
            }
        } else if (e.lastSeq() != RecordBatch.NO_SEQUENCE && batch.baseSequence() != nextSeq(e.lastSeq())) {
            throw outOfOrder(batch, "expected sequence " + nextSeq(e.lastSeq()));
        }
        return Optional.empty();
    }

    /**
     * Checks a transaction marker before it is written, as Kafka does: a marker from a coordinator older than the one
     * that wrote this producer's last marker (a coordinator that lost its partition but does not know yet) is
     * TRANSACTION_COORDINATOR_FENCED; one for an epoch older than the producer's current one is INVALID_PRODUCER_EPOCH.
     */
    public void checkMarker(long producerId, short epoch, int coordinatorEpoch) {
        Entry e = producers.get(producerId);
        if (e == null) {
            return;
        }
        if (coordinatorEpoch < e.coordinatorEpoch) {
            throw new TransactionCoordinatorFencedException("A marker of producer " + producerId + " on "
                    + partitionName + " comes from coordinator epoch " + coordinatorEpoch + ", older than "
                    + e.coordinatorEpoch);
        }
        if (epoch < e.epoch) {
            throw new InvalidProducerEpochException("A marker of producer " + producerId + " epoch " + epoch + " on "
                    + partitionName + " is older than the current epoch " + e.epoch);
        }
    }

    /**
     * Whether a batch must be verified with its transaction coordinator before it is appended: a transactional batch
     * that would open a transaction here (KIP-890). Later batches of the same open transaction need no verification.
     */
    public boolean needsVerification(RecordBatch batch) {
        if (!batch.isTransactional() || batch.isControlBatch()) {
            return false;
        }
        Entry e = producers.get(batch.producerId());
        return !(ongoing.containsKey(batch.producerId()) && e != null && e.epoch == batch.producerEpoch());
    }

    /** The token to present when appending once the coordinator confirmed the batch's transaction. */
    public Object startVerification(long producerId) {
        return verificationGuards.computeIfAbsent(producerId, id -> new Object());
    }

    /** Forgets a verification that failed, if it is still the current one. */
    public void endVerification(long producerId, Object guard) {
        verificationGuards.remove(producerId, guard);
    }

    /**
     * Refuses a batch that needs verification and does not carry the current token (none was asked for, or its
     * transaction ended since).
     *
     * @throws InvalidTxnStateException as Kafka answers a produce to a partition not in the transaction
     */
    public void checkVerified(RecordBatch batch, Object guard) {
        if (needsVerification(batch) && (guard == null || verificationGuards.get(batch.producerId()) != guard)) {
            throw new InvalidTxnStateException("The transaction of producer " + batch.producerId() + " epoch "
                    + batch.producerEpoch() + " does not include " + partitionName
                    + " (add the partition to the transaction first)");
        }
    }

    /** Records a batch that was appended (its offsets are assigned) at {@code nowMs}. */
    public void update(RecordBatch batch, long nowMs) {
        if (!batch.hasProducerId()) {
            return;
        }
        Entry e = producers.computeIfAbsent(batch.producerId(), id -> new Entry(batch.producerEpoch()));
        e.lastWriteMs = Math.max(e.lastWriteMs, nowMs);
        if (batch.producerEpoch() > e.epoch) {
            e.epoch = batch.producerEpoch();
            e.batches.clear();
        }
        trackTransaction(batch);
        if (batch.isControlBatch()) {
            e.coordinatorEpoch = Math.max(e.coordinatorEpoch, coordinatorEpochOf(batch));
        }
        if (batch.isControlBatch() || batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
            return;
        }
        if (e.batches.size() == BATCHES_KEPT) {
            e.batches.pollFirst();
        }
        e.batches.addLast(new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                batch.lastOffset(), batch.maxTimestamp()));
    }

    private void trackTransaction(RecordBatch batch) {
        long pid = batch.producerId();
        verificationGuards.remove(pid);
        if (batch.isControlBatch()) {
            Long first = ongoing.remove(pid);
            if (first == null) {
                return;
            }
            ongoingByOffset.remove(first);
            if (markerType(batch) == ControlRecordType.ABORT) {
                aborted.add(new AbortedTxn(pid, first, batch.lastOffset()));
            }
        } else if (batch.isTransactional() && !ongoing.containsKey(pid)) {
            ongoing.put(pid, batch.baseOffset());
            ongoingByOffset.put(batch.baseOffset(), pid);
        }
    }

    private static int coordinatorEpochOf(RecordBatch batch) {
        Iterator<Record> it = batch.iterator();
        if (!it.hasNext()) {
            return -1;
        }
        Record r = it.next();
        ControlRecordType type = ControlRecordType.parse(r.key());
        return type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT
                ? EndTransactionMarker.deserialize(r).coordinatorEpoch() : -1;
    }

    private static ControlRecordType markerType(RecordBatch batch) {
        Iterator<Record> it = batch.iterator();
        return it.hasNext() ? ControlRecordType.parse(it.next().key()) : ControlRecordType.UNKNOWN;
    }

    /** The first offset of the oldest open transaction, if any: consumers reading committed data stop there. */
    public OptionalLong firstUnstableOffset() {
        return ongoingByOffset.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ongoingByOffset.firstKey());
    }

    /** Whether this producer has an open transaction here. */
    public boolean hasOngoingTransaction(long producerId) {
        return ongoing.containsKey(producerId);
    }

    /** Aborted transactions overlapping offsets [from, to]. */
    public List<AbortedTxn> abortedBetween(long from, long to) {
        List<AbortedTxn> out = new ArrayList<>();
        // Newest first: those ending before from are the older ones, so the walk stops at the first of them.
        Iterator<AbortedTxn> newestFirst = aborted.descendingIterator();
        while (newestFirst.hasNext()) {
            AbortedTxn a = newestFirst.next();
            if (a.lastOffset() < from) {
                break;
            }
            if (a.firstOffset() <= to) {
                out.add(a);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** Forgets aborted transactions whose marker is below {@code logStartOffset} (no longer in the log). */
    public void forgetAbortedBefore(long logStartOffset) {
        while (!aborted.isEmpty() && aborted.peekFirst().lastOffset() < logStartOffset) {
            aborted.pollFirst();
        }
    }

    /**
     * Forgets producer ids without an open transaction whose last write is {@code producer.id.expiration.ms} old,
     * looking at most every {@value #EXPIRATION_CHECK_INTERVAL_MS} ms (or the expiration, if shorter).
     *
     * @return how many were forgotten
     */
    public int expireProducers(long nowMs) {
        if (nowMs < nextExpirationCheck) {
            return 0;
        }
        nextExpirationCheck = nowMs + Math.min(expirationMs, EXPIRATION_CHECK_INTERVAL_MS);
        int before = producers.size();
        producers.entrySet().removeIf(p -> !ongoing.containsKey(p.getKey()) && nowMs - p.getValue().lastWriteMs >= expirationMs);
        return before - producers.size();
    }

    /** Every producer id remembered here, for DescribeProducers. */
    public List<ActiveProducer> activeProducers() {
        List<ActiveProducer> out = new ArrayList<>(producers.size());
        producers.forEach((pid, e) -> out.add(new ActiveProducer(pid, e.epoch, e.lastSeq(),
                e.batches.isEmpty() ? e.lastWriteMs : e.batches.peekLast().timestamp(), e.coordinatorEpoch,
                ongoing.getOrDefault(pid, -1L))));
        return out;
    }

    /** Current epoch of a producer here, or -1 if unknown. */
    public short epochOf(long producerId) {
        Entry e = producers.get(producerId);
        return e == null ? -1 : e.epoch;
    }

    /** Rebuilds state from batches read back from the log, oldest first; a batch's max timestamp is its write time. */
    public void rebuild(Iterable<? extends RecordBatch> batches) {
        producers.clear();
        ongoing.clear();
        ongoingByOffset.clear();
        aborted.clear();
        nextExpirationCheck = 0;
        replay(batches);
    }

    /** Applies batches read back from the log, oldest first, on top of the current state (after a checkpoint). */
    public void replay(Iterable<? extends RecordBatch> batches) {
        for (RecordBatch b : batches) {
            update(b, b.maxTimestamp());
        }
    }

    /** Writes the whole state (for {@link ProducerStateSnapshot}). */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(producers.size());
        for (Map.Entry<Long, Entry> p : producers.entrySet()) {
            Entry e = p.getValue();
            out.writeLong(p.getKey());
            out.writeShort(e.epoch);
            out.writeInt(e.coordinatorEpoch);
            out.writeLong(e.lastWriteMs);
            out.writeInt(e.batches.size());
            for (BatchMetadata b : e.batches) {
                out.writeInt(b.firstSeq());
                out.writeInt(b.lastSeq());
                out.writeLong(b.firstOffset());
                out.writeLong(b.lastOffset());
                out.writeLong(b.timestamp());
            }
        }
        out.writeInt(ongoing.size());
        for (Map.Entry<Long, Long> t : ongoing.entrySet()) {
            out.writeLong(t.getKey());
            out.writeLong(t.getValue());
        }
        out.writeInt(aborted.size());
        for (AbortedTxn a : aborted) {
            out.writeLong(a.producerId());
            out.writeLong(a.firstOffset());
            out.writeLong(a.lastOffset());
        }
    }

    /** Replaces the state with one written by {@link #writeTo} (for {@link ProducerStateSnapshot}). */
    void readFrom(DataInputStream in) throws IOException {
        producers.clear();
        ongoing.clear();
        ongoingByOffset.clear();
        aborted.clear();
        nextExpirationCheck = 0;
        for (int i = count(in); i > 0; i--) {
            long pid = in.readLong();
            Entry e = new Entry(in.readShort());
            e.coordinatorEpoch = in.readInt();
            e.lastWriteMs = in.readLong();
            for (int b = count(in); b > 0; b--) {
                e.batches.addLast(new BatchMetadata(in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong()));
            }
            producers.put(pid, e);
        }
        for (int i = count(in); i > 0; i--) {
            long pid = in.readLong();
            long first = in.readLong();
            ongoing.put(pid, first);
            ongoingByOffset.put(first, pid);
        }
        for (int i = count(in); i > 0; i--) {
            aborted.addLast(new AbortedTxn(in.readLong(), in.readLong(), in.readLong()));
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative count " + n);
        }
        return n;
    }

    public int producerCount() {
        return producers.size();
    }

    private static int nextSeq(int seq) {
        return seq == Integer.MAX_VALUE ? 0 : seq + 1;
    }

    private OutOfOrderSequenceException outOfOrder(RecordBatch batch, String why) {
        return new OutOfOrderSequenceException("Out of order sequence " + batch.baseSequence() + " from producer "
                + batch.producerId() + " epoch " + batch.producerEpoch() + " on " + partitionName + ": " + why);
    }
}
