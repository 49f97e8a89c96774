package io.ferry.runtime.offset;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The records a source task has handed to the producer and whose acknowledgement is pending, per
 * source partition, in the order they were sent. {@link #committableOffsets()} returns, for each
 * source partition, the offset of the last record such that it and every earlier record of that
 * partition are acknowledged (or dropped): committing it can never skip an unacknowledged record.
 * Thread-safe: records are submitted by the task thread and acknowledged by the producer's thread.
 */
public final class SubmittedRecords {

    /** One record on its way to the broker. */
    public final class Submitted {
        private final Map<String, Object> partition;
        private final Map<String, Object> offset;
        private boolean acked;

        private Submitted(Map<String, Object> partition, Map<String, Object> offset) {
            this.partition = partition;
            this.offset = offset;
        }

        /**
         * Forgets a record that was not sent after all (the producer refused it): its offset
         * must not be committed, and it is no longer waited for.
         */
        public void cancel() {
            synchronized (SubmittedRecords.this) {
                Deque<Submitted> queue = partition == null ? null : pending.get(partition);
                if (queue != null) {
                    queue.removeLastOccurrence(this);
                    if (queue.isEmpty()) {
                        pending.remove(partition);
                    }
                }
                if (!acked) {
                    acked = true;
                    outstanding--;
                    if (outstanding == 0) {
                        SubmittedRecords.this.notifyAll();
                    }
                }
            }
        }

        /** The broker acknowledged the record, or it was dropped on purpose (filtered, skipped). */
        public void ack() {
            synchronized (SubmittedRecords.this) {
                if (!acked) {
                    acked = true;
                    outstanding--;
                    if (outstanding == 0) {
                        SubmittedRecords.this.notifyAll();
                    }
                }
            }
        }
    }

    private final Map<Map<String, Object>, Deque<Submitted>> pending = new HashMap<>();
    private int outstanding;

    /**
     * Records that a record of {@code partition} with {@code offset} is being sent. A record
     * without partition or offset is counted but commits no offset.
     */
    @SuppressWarnings("unchecked")
    public synchronized Submitted submit(Map<String, ?> partition, Map<String, ?> offset) {
        Submitted submitted = new Submitted((Map<String, Object>) partition, (Map<String, Object>) offset);
        outstanding++;
        if (partition != null && offset != null) {
            pending.computeIfAbsent(submitted.partition, p -> new ArrayDeque<>()).add(submitted);
        }
        return submitted;
    }

    /**
     * Removes the acknowledged records at the head of each partition's queue and returns the
     * offset of the last one removed, per partition. Partitions with nothing new are absent.
     */
    public synchronized Map<Map<String, Object>, Map<String, Object>> committableOffsets() {
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        Iterator<Map.Entry<Map<String, Object>, Deque<Submitted>>> partitions = pending.entrySet().iterator();
        while (partitions.hasNext()) {
            Map.Entry<Map<String, Object>, Deque<Submitted>> entry = partitions.next();
            Deque<Submitted> queue = entry.getValue();
            Submitted last = null;
            while (!queue.isEmpty() && queue.peekFirst().acked) {
                last = queue.pollFirst();
            }
            if (last != null) {
                offsets.put(entry.getKey(), last.offset);
            }
            if (queue.isEmpty()) {
                partitions.remove();
            }
        }
        return offsets;
    }

    /** How many submitted records are not acknowledged yet. */
    public synchronized int outstanding() {
        return outstanding;
    }

    /**
     * Waits until every submitted record is acknowledged, at most {@code timeout}.
     *
     * @return whether all were acknowledged
     */
    public synchronized boolean awaitAllAcknowledged(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (outstanding > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
