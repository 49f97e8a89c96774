package io.ferry.broker.replica;

/**
 * A replication byte rate limit, measured as Kafka measures it: bytes over the last {@value #WINDOWS} one-second
 * windows divided by the time they span. While the measured rate is above the limit, throttled replicas that are
 * out of sync get no data; in-sync replicas are never held back. Unlimited ({@link Long#MAX_VALUE}) until set.
 */
public final class ReplicationQuota {

    private static final int WINDOWS = 11;
    private static final long WINDOW_MS = 1000;

    private volatile long bytesPerSecond = Long.MAX_VALUE;
    private final long[] bytes = new long[WINDOWS];
    private final long[] starts = new long[WINDOWS];

    public void setRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond <= 0 ? Long.MAX_VALUE : bytesPerSecond;
    }

    public long rate() {
        return bytesPerSecond;
    }

    public boolean isUnlimited() {
        return bytesPerSecond == Long.MAX_VALUE;
    }

    /** Counts {@code n} bytes of throttled replication sent or fetched at {@code nowMs}. */
    public synchronized void record(long n, long nowMs) {
        if (isUnlimited()) {
            return;
        }
        int i = slot(nowMs);
        bytes[i] += n;
    }

    /** Whether the rate measured up to {@code nowMs} is above the limit. */
    public synchronized boolean isExceeded(long nowMs) {
        if (isUnlimited()) {
            return false;
        }
        slot(nowMs);
        long total = 0;
        long oldest = nowMs;
        for (int i = 0; i < WINDOWS; i++) {
            if (starts[i] > 0 && nowMs - starts[i] < WINDOWS * WINDOW_MS) {
                total += bytes[i];
                oldest = Math.min(oldest, starts[i]);
            }
        }
        long elapsedMs = Math.max(WINDOW_MS, nowMs - oldest);
        return total * 1000 / elapsedMs > bytesPerSecond;
    }

    /** The window of {@code nowMs}, started afresh when its previous use is older than a full cycle. */
    private int slot(long nowMs) {
        long window = nowMs / WINDOW_MS;
        int i = (int) (window % WINDOWS);
        long start = window * WINDOW_MS;
        if (starts[i] != start) {
            starts[i] = start;
            bytes[i] = 0;
        }
        return i;
    }
}
