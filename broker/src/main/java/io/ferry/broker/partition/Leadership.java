package io.ferry.broker.partition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ferry.broker.cluster.PartitionState;

/**
 * A leader's view of its partition in one leader epoch: the committed state (replicas, ISR, partition epoch), the ISR
 * change in flight (at most one), and each follower's fetch progress. Decides the high watermark and which followers
 * join or leave the ISR; the caller commits ISR changes to the cluster metadata. Guarded by the partition's lock.
 */
final class Leadership {

    private final int self;
    private final long epochStartOffset;
    private PartitionState committed;
    private PartitionState pending;
    private final Map<Integer, FollowerState> followers = new HashMap<>();

    Leadership(int self, PartitionState state, long epochStartOffset, long nowMs) {
        this.self = self;
        this.committed = state;
        this.epochStartOffset = epochStartOffset;
        for (int r : state.replicas()) {
            if (r != self) {
                followers.put(r, new FollowerState(nowMs));
            }
        }
    }

    PartitionState committed() {
        return committed;
    }

    int leaderEpoch() {
        return committed.leaderEpoch();
    }

    boolean isReplica(int broker) {
        return followers.containsKey(broker);
    }

    boolean hasPendingChange() {
        return pending != null;
    }

    /** Adopts a newer committed state of the same leader epoch (an ISR change, ours or read back). */
    void committed(PartitionState state) {
        if (state.partitionEpoch() >= committed.partitionEpoch()) {
            committed = state;
        }
        if (pending != null && state.partitionEpoch() > pending.partitionEpoch()) {
            pending = null;
        }
    }

    void changeFailed() {
        pending = null;
    }

    void followerFetched(int replica, long fetchOffset, long leaderEnd, long nowMs) {
        FollowerState f = followers.get(replica);
        if (f != null) {
            f.fetched(fetchOffset, leaderEnd, nowMs);
        }
    }

    /**
     * The high watermark the ISR allows: the smallest log end offset over the leader and the ISR, including a
     * follower being added (the "maximal ISR": a follower is counted before its addition is committed, never a
     * removal). Returns -1 while a member's progress in this epoch is unknown.
     */
    long highWatermark(long leaderEnd) {
        long hw = leaderEnd;
        for (int r : maximalIsr()) {
            if (r == self) {
                continue;
            }
            FollowerState f = followers.get(r);
            long leo = f == null ? -1 : f.logEndOffset();
            if (leo < 0) {
                return -1;
            }
            hw = Math.min(hw, leo);
        }
        return hw;
    }

    /** The committed ISR plus a pending addition. */
    Set<Integer> maximalIsr() {
        Set<Integer> isr = new LinkedHashSet<>(committed.isr());
        if (pending != null) {
            isr.addAll(pending.isr());
        }
        return isr;
    }

    int isrSize() {
        return committed.isr().size();
    }

    /**
     * An ISR change to propose, if any and none is in flight: the follower {@code fetcher} whose fetch this is (-1 for
     * the periodic check: nobody), when outside the ISR, has reached the high watermark and the start of this epoch
     * and is {@code eligible} (a live broker), joins; followers inside that lag longer than {@code maxLagMs} leave (the
     * leader always stays, so the ISR is never empty). Only a follower's own fetch takes it back in: the position a
     * follower reported before it stopped fetching says nothing about it now.
     */
    PartitionState proposeIsrChange(long highWatermark, long leaderEnd, long nowMs, long maxLagMs,
                                    java.util.function.IntPredicate eligible, int fetcher) {
        if (pending != null) {
            return null;
        }
        List<Integer> isr = new ArrayList<>(committed.isr());
        boolean changed = false;
        for (int r : committed.replicas()) {
            FollowerState f = followers.get(r);
            if (f == null) {
                continue;
            }
            boolean in = isr.contains(r);
            if (!in && r == fetcher && f.logEndOffset() >= highWatermark && f.logEndOffset() >= epochStartOffset
                    && eligible.test(r)) {
                isr.add(r);
                changed = true;
            } else if (in && f.isLagging(leaderEnd, nowMs, maxLagMs)) {
                isr.remove(Integer.valueOf(r));
                changed = true;
            }
        }
        if (!changed) {
            return null;
        }
        pending = committed.withIsr(List.copyOf(isr));
        return pending;
    }
}
