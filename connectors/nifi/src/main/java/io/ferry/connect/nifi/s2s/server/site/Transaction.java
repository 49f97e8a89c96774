package io.ferry.connect.nifi.s2s.server.site;

/**
 * One Site-to-Site transaction: created by a POST, then data in one direction, then a DELETE that
 * commits or cancels it. Idle transactions (no request in progress, no request for the TTL) expire.
 * Subclasses guard their state with this object's monitor.
 */
abstract class Transaction {

    private final String id;
    private final String portId;
    private long lastActivityNanos = System.nanoTime();
    private int requestsInProgress;
    private boolean finished;

    Transaction(String id, String portId) {
        this.id = id;
        this.portId = portId;
    }

    final String id() {
        return id;
    }

    final String portId() {
        return portId;
    }

    abstract boolean input();

    /** Marks a request as working on this transaction; false if it already finished or expired. */
    final synchronized boolean enter() {
        if (finished) {
            return false;
        }
        requestsInProgress++;
        lastActivityNanos = System.nanoTime();
        return true;
    }

    /** The end of a request begun with {@link #enter()}. */
    final synchronized void exit() {
        requestsInProgress--;
        lastActivityNanos = System.nanoTime();
    }

    /** Extends the TTL (a PUT); false if it already finished or expired. */
    final synchronized boolean touch() {
        if (finished) {
            return false;
        }
        lastActivityNanos = System.nanoTime();
        return true;
    }

    /** Finishes the transaction; true the first time only. */
    final synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    final synchronized boolean finished() {
        return finished;
    }

    /** Finishes the transaction if it has been idle for {@code ttlNanos}; true if it did so now. */
    final synchronized boolean expireIfIdle(long nowNanos, long ttlNanos) {
        if (finished || requestsInProgress > 0 || nowNanos - lastActivityNanos < ttlNanos) {
            return false;
        }
        finished = true;
        return true;
    }

    /** Releases what the transaction holds after it finished without a commit. */
    abstract void discard();

    /** For logs: what the transaction holds. */
    abstract String describe();
}
