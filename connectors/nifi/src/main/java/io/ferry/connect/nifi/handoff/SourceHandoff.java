package io.ferry.connect.nifi.handoff;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.mapping.FlowFileToRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Between an input port's HTTP threads and the source task: confirmed transactions wait here until
 * {@code poll()} takes their records, then until the producer acknowledged each one. A transaction
 * not acknowledged within the timeout fails: what poll() had not taken yet is withdrawn (never
 * written), the sender is told to retry.
 */
public final class SourceHandoff implements InboundSink {

    /** One confirmed transaction on its way to Kafka. */
    private static final class Delivery {
        private final List<SourceRecord> records;
        private final CompletableFuture<Void> stored = new CompletableFuture<>();
        private int polled;
        private int unacknowledged;

        private Delivery(List<SourceRecord> records) {
            this.records = records;
            this.unacknowledged = records.size();
        }
    }

    private final FlowFileToRecord mapping;
    private final Duration ackTimeout;
    private final int maxPending;
    private final long maxTransactionBytes;
    private final int maxPoll;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Deque<Delivery> waiting = new ArrayDeque<>();
    private final Map<SourceRecord, Delivery> inFlight = new IdentityHashMap<>();
    private long pending;
    private boolean closed;

    public SourceHandoff(FlowFileToRecord mapping, Duration ackTimeout, int maxPending, long maxTransactionBytes, int maxPoll) {
        this.mapping = mapping;
        this.ackTimeout = ackTimeout;
        this.maxPending = maxPending;
        this.maxTransactionBytes = maxTransactionBytes;
        this.maxPoll = maxPoll;
    }

    @Override
    public CompletableFuture<Void> deliver(List<FlowFile> flowFiles) {
        List<SourceRecord> records = new ArrayList<>(flowFiles.size());
        for (FlowFile flowFile : flowFiles) {
            records.add(mapping.toRecord(flowFile, null, null));
        }
        Delivery delivery = new Delivery(records);
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("The port's task is stopping; transaction rolled back"));
            }
            waiting.add(delivery);
            pending += records.size();
            available.signalAll();
        } finally {
            lock.unlock();
        }
        CompletableFuture.delayedExecutor(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> expire(delivery));
        return delivery.stored;
    }

    /** Up to {@code maxPoll} records of confirmed transactions, waiting up to {@code wait}; null if none came. */
    public List<SourceRecord> poll(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (waiting.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = available.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            List<SourceRecord> batch = new ArrayList<>(Math.min(maxPoll, 1024));
            while (batch.size() < maxPoll && !waiting.isEmpty()) {
                Delivery delivery = waiting.peek();
                while (batch.size() < maxPoll && delivery.polled < delivery.records.size()) {
                    SourceRecord record = delivery.records.get(delivery.polled++);
                    inFlight.put(record, delivery);
                    batch.add(record);
                }
                if (delivery.polled == delivery.records.size()) {
                    waiting.poll();
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** The producer acknowledged {@code record} (or a transformation dropped it). */
    public void acknowledge(SourceRecord record) {
        Delivery complete = null;
        lock.lock();
        try {
            Delivery delivery = inFlight.remove(record);
            if (delivery == null) {
                return;
            }
            pending--;
            if (--delivery.unacknowledged == 0) {
                complete = delivery;
            }
        } finally {
            lock.unlock();
        }
        if (complete != null) {
            complete.stored.complete(null);
        }
    }

    private void expire(Delivery delivery) {
        String message;
        lock.lock();
        try {
            if (delivery.stored.isDone() || delivery.unacknowledged == 0) {
                return;
            }
            message = withdraw(delivery) == delivery.records.size()
                    ? "The worker did not take the transaction's " + delivery.records.size() + " records within "
                            + ackTimeout.toMillis() + " ms; transaction rolled back"
                    : "Kafka did not acknowledge " + delivery.unacknowledged + " of the transaction's " + delivery.records.size()
                            + " records within " + ackTimeout.toMillis() + " ms (nifi.ack.timeout.ms); send it again";
        } finally {
            lock.unlock();
        }
        delivery.stored.completeExceptionally(new TimeoutException(message));
    }

    /** Takes a delivery out (under the lock); returns how many of its records poll() had not taken. */
    private int withdraw(Delivery delivery) {
        int untaken = delivery.records.size() - delivery.polled;
        waiting.remove(delivery);
        for (int i = 0; i < delivery.polled; i++) {
            inFlight.remove(delivery.records.get(i));
        }
        pending -= delivery.unacknowledged;
        delivery.unacknowledged = 0;
        return untaken;
    }

    /** Fails every transaction in progress: the task stops. */
    public void close() {
        Set<Delivery> failed = new LinkedHashSet<>();
        lock.lock();
        try {
            closed = true;
            failed.addAll(waiting);
            failed.addAll(inFlight.values());
            failed.forEach(this::withdraw);
            available.signalAll();
        } finally {
            lock.unlock();
        }
        for (Delivery delivery : failed) {
            delivery.stored.completeExceptionally(new IllegalStateException("The port's task stopped before Kafka acknowledged the transaction; send it again"));
        }
    }

    @Override
    public boolean isFull() {
        lock.lock();
        try {
            return pending >= maxPending;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long maxTransactionBytes() {
        return maxTransactionBytes;
    }
}
