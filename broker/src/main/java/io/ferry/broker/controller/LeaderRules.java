package io.ferry.broker.controller;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.protocol.Errors;

import io.ferry.broker.zk.ZkData.LeaderAndIsr;

/**
 * The leader election rules of Kafka's ZooKeeper-mode controller, as pure functions of the assignment (replicas in
 * preference order), the current state and the live brokers. Every change they return carries leader epoch + 1 and
 * the deciding controller's epoch; none ever returns an empty ISR.
 */
final class LeaderRules {

    static final int NO_LEADER = -1;

    /** A decided state, and whether it came from an unclean election (a replica outside the ISR). */
    record Change(LeaderAndIsr state, boolean unclean) {
    }

    /** An election requested by an admin: its error code, and the state to write when the error is NONE. */
    record Election(Errors error, Optional<LeaderAndIsr> state) {

        static Election of(Errors error) {
            return new Election(error, Optional.empty());
        }
    }

    private LeaderRules() {
    }

    /** A new partition: leader = first live replica, ISR = live replicas in assignment order; empty if none is live. */
    static Optional<LeaderAndIsr> initial(List<Integer> replicas, Set<Integer> live, int controllerEpoch) {
        List<Integer> isr = replicas.stream().filter(live::contains).toList();
        if (isr.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeaderAndIsr(isr.get(0), 0, isr, controllerEpoch));
    }

    /**
     * The state a partition must move to given which brokers are live: an offline election when its leader is gone
     * (or was -1), otherwise the removal of dead followers from the ISR. Brokers shutting down are live but never
     * chosen as leaders.
     */
    static Optional<Change> online(List<Integer> replicas, LeaderAndIsr cur, Set<Integer> live,
                                   Set<Integer> shuttingDown, boolean uncleanAllowed, int controllerEpoch) {
        int epoch = cur.leaderEpoch() + 1;
        boolean leaderGone = cur.leader() == NO_LEADER || !live.contains(cur.leader());
        if (!leaderGone) {
            List<Integer> isr = cur.isr().stream().filter(live::contains).toList();
            if (isr.size() == cur.isr().size() || isr.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Change(new LeaderAndIsr(cur.leader(), epoch, isr, controllerEpoch), false));
        }
        Optional<Integer> clean = replicas.stream()
                .filter(r -> live.contains(r) && !shuttingDown.contains(r) && cur.isr().contains(r)).findFirst();
        if (clean.isPresent()) {
            List<Integer> isr = cur.isr().stream().filter(live::contains).toList();
            return Optional.of(new Change(new LeaderAndIsr(clean.get(), epoch, isr, controllerEpoch), false));
        }
        if (uncleanAllowed) {
            Optional<Integer> unclean = replicas.stream()
                    .filter(r -> live.contains(r) && !shuttingDown.contains(r)).findFirst();
            if (unclean.isPresent()) {
                return Optional.of(new Change(
                        new LeaderAndIsr(unclean.get(), epoch, List.of(unclean.get()), controllerEpoch), true));
            }
        }
        if (cur.leader() == NO_LEADER) {
            return Optional.empty();
        }
        // The leader died and no in-sync replica can take over: the partition goes offline, and the ISR keeps the
        // dead leader (never emptied) so that it, and only it, can lead again when it returns.
        List<Integer> isr = cur.isr().contains(cur.leader()) ? List.of(cur.leader()) : cur.isr();
        if (isr.isEmpty()) {
            isr = List.of(cur.leader());
        }
        return Optional.of(new Change(new LeaderAndIsr(NO_LEADER, epoch, isr, controllerEpoch), false));
    }

    /** Preferred election: the head of the assignment leads if it is live and in the ISR; the ISR is unchanged. */
    static Election preferred(List<Integer> replicas, LeaderAndIsr cur, Set<Integer> live, Set<Integer> shuttingDown,
                              int controllerEpoch) {
        if (replicas.isEmpty()) {
            return Election.of(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        }
        int preferred = replicas.get(0);
        if (cur.leader() == preferred) {
            return Election.of(Errors.ELECTION_NOT_NEEDED);
        }
        if (!live.contains(preferred) || shuttingDown.contains(preferred) || !cur.isr().contains(preferred)) {
            return Election.of(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        }
        return new Election(Errors.NONE, Optional.of(
                new LeaderAndIsr(preferred, cur.leaderEpoch() + 1, cur.isr(), controllerEpoch)));
    }

    /** Unclean election requested by an admin: only for a partition without a live leader. */
    static Election unclean(List<Integer> replicas, LeaderAndIsr cur, Set<Integer> live, Set<Integer> shuttingDown,
                            int controllerEpoch) {
        if (cur.leader() != NO_LEADER && live.contains(cur.leader())) {
            return Election.of(Errors.ELECTION_NOT_NEEDED);
        }
        Optional<Change> change = online(replicas, cur, live, shuttingDown, true, controllerEpoch);
        if (change.isEmpty() || change.get().state().leader() == NO_LEADER) {
            return Election.of(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        }
        return new Election(Errors.NONE, Optional.of(change.get().state()));
    }

    /**
     * Controlled shutdown of {@code broker}: a partition it leads moves to the first replica that is live, in the ISR
     * and not shutting down; the broker leaves every ISR in which others remain.
     */
    static Optional<LeaderAndIsr> shutdown(List<Integer> replicas, LeaderAndIsr cur, int broker, Set<Integer> live,
                                           Set<Integer> shuttingDown, int controllerEpoch) {
        List<Integer> others = cur.isr().stream().filter(r -> r != broker).toList();
        if (!cur.isr().contains(broker) && cur.leader() != broker || others.isEmpty()) {
            return Optional.empty();
        }
        if (cur.leader() == broker) {
            Optional<Integer> next = replicas.stream().filter(r -> r != broker && live.contains(r)
                    && !shuttingDown.contains(r) && cur.isr().contains(r)).findFirst();
            return next.map(n -> new LeaderAndIsr(n, cur.leaderEpoch() + 1, others, controllerEpoch));
        }
        return Optional.of(new LeaderAndIsr(cur.leader(), cur.leaderEpoch() + 1, others, controllerEpoch));
    }
}
