package io.ferry.broker.partition;

/**
 * What a leader knows of one follower from its fetches: its log end offset (the offset it fetched from; -1 until it
 * fetched in this leader epoch) and when it was last caught up. Caught up means it fetched from the leader's log end
 * at that time, or, as Kafka judges it, from the log end the leader had at the follower's previous fetch.
 */
final class FollowerState {

    private long logEndOffset = -1;
    private long lastCaughtUpTimeMs;
    private long lastFetchTimeMs;
    private long leaderEndAtLastFetch = -1;

    FollowerState(long nowMs) {
        this.lastCaughtUpTimeMs = nowMs;
        this.lastFetchTimeMs = nowMs;
    }

    void fetched(long fetchOffset, long leaderEnd, long nowMs) {
        if (fetchOffset >= leaderEnd) {
            lastCaughtUpTimeMs = nowMs;
        } else if (leaderEndAtLastFetch >= 0 && fetchOffset >= leaderEndAtLastFetch) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, lastFetchTimeMs);
        }
        logEndOffset = fetchOffset;
        leaderEndAtLastFetch = leaderEnd;
        lastFetchTimeMs = nowMs;
    }

    long logEndOffset() {
        return logEndOffset;
    }

    /** Out of sync: behind the leader's log end and not caught up for longer than {@code maxLagMs}. */
    boolean isLagging(long leaderEnd, long nowMs, long maxLagMs) {
        return logEndOffset < leaderEnd && nowMs - lastCaughtUpTimeMs > maxLagMs;
    }
}
