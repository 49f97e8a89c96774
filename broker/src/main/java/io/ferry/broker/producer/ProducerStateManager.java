package io.ferry.broker.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Per partition: the epoch and the last five batches of every producer id seen, to reject stale epochs and gaps in
 * sequence numbers and to recognise a retried batch (answered with its original offsets, never as out of order).
 * Not thread-safe: the owning partition serialises access.
 */
public final class ProducerStateManager {

    static final int BATCHES_KEPT = 5;

    private final String partitionName;
    private final Map<Long, Entry> producers = new HashMap<>();
    /** Open transactions: producer id to the offset of its first record in this partition. */
    private final Map<Long, Long> ongoing = new HashMap<>();
    /** First offsets of open transactions, for the last stable offset. */
    private final TreeMap<Long, Long> ongoingByOffset = new TreeMap<>();
    /** Aborted transactions, in marker order. */
    private final List<AbortedTxn> aborted = new ArrayList<>();

    /** A transaction that was aborted: its producer, first offset and the offset of its abort marker. */
    public record AbortedTxn(long producerId, long firstOffset, long lastOffset) {
    }

    public ProducerStateManager(String partitionName) {
        this.partitionName = partitionName;
    }

    private static final class Entry {
        short epoch;
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

    /** Records a batch that was appended (its offsets are assigned). */
    public void update(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return;
        }
        Entry e = producers.computeIfAbsent(batch.producerId(), id -> new Entry(batch.producerEpoch()));
        if (batch.producerEpoch() > e.epoch) {
            e.epoch = batch.producerEpoch();
            e.batches.clear();
        }
        trackTransaction(batch);
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
        for (AbortedTxn a : aborted) {
            if (a.firstOffset() <= to && a.lastOffset() >= from) {
                out.add(a);
            }
        }
        return out;
    }

    /** Current epoch of a producer here, or -1 if unknown. */
    public short epochOf(long producerId) {
        Entry e = producers.get(producerId);
        return e == null ? -1 : e.epoch;
    }

    /** Rebuilds state from batches read back from the log, oldest first. */
    public void rebuild(Iterable<? extends RecordBatch> batches) {
        producers.clear();
        ongoing.clear();
        ongoingByOffset.clear();
        aborted.clear();
        for (RecordBatch b : batches) {
            update(b);
        }
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
