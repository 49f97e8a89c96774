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
import org.apache.kafka.connect.source.TransactionContext;

/**
 * Between an input port's HTTP threads and the source task: confirmed NiFi transactions wait here
 * until {@code poll()} takes their records, then until the worker acknowledged each one. {@code poll()}
 * hands a NiFi transaction over whole or not at all.
 *
 * <p>With a {@link TransactionContext} (exactly-once sources, {@code transaction.boundary=connector})
 * each NiFi transaction is one Kafka transaction: its commit is requested after its last record,
 * and the worker acknowledges the records only after that Kafka commit. A NiFi transaction that
 * times out after being handed over asks the worker to abort instead; whichever comes first, the
 * Kafka commit (the sender hears success) or the end of the batch without it (the Kafka
 * transaction was aborted: the sender is told to retry), decides. Without one, a timed-out NiFi
 * transaction is withdrawn if {@code poll()} had not taken it; one already handed over may still be
 * written although the sender is told to retry (at least once). See ADR 0024.
 */
public final class SourceHandoff implements InboundSink {

    /** One confirmed transaction on its way to Kafka. */
    private static final class Delivery {
        private final List<SourceRecord> records;
        private final CompletableFuture<Void> stored = new CompletableFuture<>();
        private boolean handedOver;
        private boolean abortRequested;
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
    /** Handed over to a transactional worker, not acknowledged yet: settled by the end of the batch. */
    private final List<Delivery> inTransaction = new ArrayList<>();
    private TransactionContext transactions;
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

    /**
     * Makes every NiFi transaction one Kafka transaction ({@code transaction.boundary=connector}).
     * Call from the task's {@code start()} with its context's transaction context; null keeps
     * at-least-once delivery.
     */
    public void useTransactions(TransactionContext context) {
        lock.lock();
        try {
            this.transactions = context;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whole confirmed transactions, up to {@code maxPoll} records (at least one transaction),
     * waiting up to {@code wait}; null if none came.
     */
    public List<SourceRecord> poll(Duration wait) throws InterruptedException {
        List<Delivery> aborted;
        lock.lock();
        try {
            // The worker asks for more only after it committed or aborted every transaction handed over before.
            aborted = settleHandedOver();
        } finally {
            lock.unlock();
        }
        for (Delivery delivery : aborted) {
            delivery.stored.completeExceptionally(new TimeoutException("The Kafka transaction of the NiFi transaction's "
                    + delivery.records.size() + " records was aborted (nifi.ack.timeout.ms " + ackTimeout.toMillis() + " passed); send it again"));
        }
        lock.lock();
        try {
            return take(wait);
        } finally {
            lock.unlock();
        }
    }

    private List<SourceRecord> take(Duration wait) throws InterruptedException {
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
        while (!waiting.isEmpty() && (batch.isEmpty() || batch.size() + waiting.peek().records.size() <= maxPoll)) {
            Delivery delivery = waiting.poll();
            delivery.handedOver = true;
            for (SourceRecord record : delivery.records) {
                inFlight.put(record, delivery);
                batch.add(record);
            }
            if (transactions != null) {
                transactions.commitTransaction(delivery.records.get(delivery.records.size() - 1));
                inTransaction.add(delivery);
            }
        }
        return batch;
    }

    /** Under the lock: withdraws the handed-over transactions the worker aborted (not acknowledged by now). */
    private List<Delivery> settleHandedOver() {
        List<Delivery> aborted = new ArrayList<>();
        for (Delivery delivery : inTransaction) {
            if (delivery.unacknowledged > 0) {
                withdraw(delivery);
                aborted.add(delivery);
            }
        }
        inTransaction.clear();
        return aborted;
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
            if (delivery.stored.isDone() || delivery.unacknowledged == 0 || delivery.abortRequested) {
                return;
            }
            if (delivery.handedOver && transactions != null) {
                // Abort wins over the commit asked for the same record if the worker has not sent it yet; the
                // end of the batch (next poll) or the acknowledgements tell which happened.
                delivery.abortRequested = true;
                transactions.abortTransaction(delivery.records.get(delivery.records.size() - 1));
                return;
            }
            message = !delivery.handedOver
                    ? "The worker did not take the transaction's " + delivery.records.size() + " records within "
                            + ackTimeout.toMillis() + " ms (nifi.ack.timeout.ms); transaction rolled back"
                    : "Kafka did not acknowledge " + delivery.unacknowledged + " of the transaction's " + delivery.records.size()
                            + " records within " + ackTimeout.toMillis() + " ms (nifi.ack.timeout.ms); send it again";
            withdraw(delivery);
        } finally {
            lock.unlock();
        }
        delivery.stored.completeExceptionally(new TimeoutException(message));
    }

    /** Takes a delivery out (under the lock): its records are never handed over any more, nor counted. */
    private void withdraw(Delivery delivery) {
        waiting.remove(delivery);
        if (delivery.handedOver) {
            delivery.records.forEach(inFlight::remove);
        }
        pending -= delivery.unacknowledged;
        delivery.unacknowledged = 0;
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
            inTransaction.clear();
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
