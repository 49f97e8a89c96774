package io.ferry.runtime.task;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * The {@link TransactionContext} of a task with {@code transaction.boundary=connector}: it
 * remembers what the task asked for until the runner acts on it. A request about a record applies
 * once that record is sent; a request about the batch once the whole batch is sent. An abort wins
 * over a commit asked for the same record or batch. Thread-safe (a task may ask from any thread).
 */
final class WorkerTransactionContext implements TransactionContext {

    private final Set<SourceRecord> commitAfter = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<SourceRecord> abortAfter = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean commitBatch;
    private boolean abortBatch;

    /** What to do with the transaction at a boundary. */
    enum Request { NONE, COMMIT, ABORT }

    @Override
    public synchronized void commitTransaction() {
        commitBatch = true;
    }

    @Override
    public synchronized void commitTransaction(SourceRecord record) {
        commitAfter.add(java.util.Objects.requireNonNull(record, "record"));
    }

    @Override
    public synchronized void abortTransaction() {
        abortBatch = true;
    }

    @Override
    public synchronized void abortTransaction(SourceRecord record) {
        abortAfter.add(java.util.Objects.requireNonNull(record, "record"));
    }

    /** What the task asked for once {@code record} is sent (and forgets it). */
    synchronized Request takeForRecord(SourceRecord record) {
        boolean abort = abortAfter.remove(record);
        boolean commit = commitAfter.remove(record);
        return abort ? Request.ABORT : commit ? Request.COMMIT : Request.NONE;
    }

    /** What the task asked for once its batch is sent (and forgets it). */
    synchronized Request takeForBatch() {
        Request request = abortBatch ? Request.ABORT : commitBatch ? Request.COMMIT : Request.NONE;
        abortBatch = false;
        commitBatch = false;
        return request;
    }

    /** Whether the task asked to commit its batch (without forgetting it). */
    synchronized boolean commitRequested() {
        return commitBatch && !abortBatch;
    }
}
