package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.controller.ControllerStore.VersionedAssignment;
import io.ferry.broker.zk.ZkData.LeaderAndIsr;
import io.ferry.broker.zk.ZkData.TopicAssignment;
import io.ferry.broker.zk.ZkPaths;

/**
 * Partition reassignments (KIP-455) on the event thread. A start writes, in one fenced multi, the topic znode with
 * every replica (RS = target then the leaving ones), adding and removing, and the state with the leader epoch + 1, so
 * new replicas create their logs and follow, and the leader accepts them. Once the ISR holds the whole target, a
 * second multi moves the leadership into the target if needed, shrinks the ISR to the target (epoch + 1) and writes
 * RS = target without adding/removing. A cancellation goes back to the original replicas the same way.
 */
final class Reassignments {

    private static final Logger log = LoggerFactory.getLogger(Reassignments.class);
    private static final int CAS_ATTEMPTS = 100;

    private final ControllerStore store;
    private final FencedWriter writer;
    private final ControllerContext context;
    private final IntSupplier controllerEpoch;
    /** Partitions with a reassignment in progress; read by watch callbacks to filter state changes. */
    private final Set<TopicPartition> ongoing = ConcurrentHashMap.newKeySet();

    Reassignments(ControllerStore store, FencedWriter writer, ControllerContext context, IntSupplier controllerEpoch) {
        this.store = store;
        this.writer = writer;
        this.context = context;
        this.controllerEpoch = controllerEpoch;
    }

    /** True when {@code tp} has a reassignment in progress (safe from any thread). */
    boolean inProgress(TopicPartition tp) {
        return ongoing.contains(tp);
    }

    /** Starts, replaces (target present) or cancels (target empty) each partition's reassignment. */
    Map<TopicPartition, ApiError> alter(Map<TopicPartition, Optional<List<Integer>>> requests,
                                        boolean allowReplicationFactorChange) throws Exception {
        Map<TopicPartition, ApiError> out = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Optional<List<Integer>>> e : requests.entrySet()) {
            out.put(e.getKey(), alter(e.getKey(), e.getValue(), allowReplicationFactorChange));
        }
        return out;
    }

    /** The reassignments in progress among {@code partitions} (all when empty). */
    Map<TopicPartition, Reassignment> list(Optional<Set<TopicPartition>> partitions) {
        Map<TopicPartition, Reassignment> out = new LinkedHashMap<>();
        context.assignments.forEach((topic, a) -> running(topic, a).forEach((tp, r) -> {
            if (partitions.isEmpty() || partitions.get().contains(tp)) {
                out.put(tp, r);
            }
        }));
        return out;
    }

    /** After a failover or a topic change: remembers what runs and finishes whatever can finish. */
    void resume(String topic) throws Exception {
        ongoing.removeIf(tp -> tp.topic().equals(topic));
        TopicAssignment a = context.assignments.get(topic);
        if (a == null || context.deleting.contains(topic)) {
            return;
        }
        for (TopicPartition tp : running(topic, a).keySet()) {
            ongoing.add(tp);
            maybeComplete(tp);
        }
    }

    void resumeAll() throws Exception {
        ongoing.clear();
        for (String topic : List.copyOf(context.assignments.keySet())) {
            resume(topic);
        }
    }

    void clear() {
        ongoing.clear();
    }

    /** The state of {@code tp} changed: if its ISR now holds the whole target, finish. */
    void onStateChanged(TopicPartition tp) throws Exception {
        if (ongoing.contains(tp)) {
            maybeComplete(tp);
        }
    }

    private static Map<TopicPartition, Reassignment> running(String topic, TopicAssignment a) {
        Map<TopicPartition, Reassignment> out = new TreeMap<>((x, y) -> Integer.compare(x.partition(), y.partition()));
        a.partitions().forEach((p, rs) -> {
            List<Integer> adding = a.adding().getOrDefault(p, List.of());
            List<Integer> removing = a.removing().getOrDefault(p, List.of());
            if (!adding.isEmpty() || !removing.isEmpty()) {
                out.put(new TopicPartition(topic, p), new Reassignment(rs, adding, removing));
            }
        });
        return out;
    }

    private ApiError alter(TopicPartition tp, Optional<List<Integer>> target, boolean allowRfChange)
            throws Exception {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<VersionedAssignment> va = store.assignmentWithVersion(tp.topic());
            if (va.isEmpty() || context.deleting.contains(tp.topic())
                    || !va.get().assignment().partitions().containsKey(tp.partition())) {
                return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unknown partition " + tp);
            }
            TopicAssignment a = va.get().assignment();
            int p = tp.partition();
            Reassignment cur = new Reassignment(a.partitions().get(p), a.adding().getOrDefault(p, List.of()),
                    a.removing().getOrDefault(p, List.of()));
            boolean running = !cur.adding().isEmpty() || !cur.removing().isEmpty();
            List<Integer> original = cur.original();
            Reassignment next;
            if (target.isEmpty()) {
                if (!running) {
                    return new ApiError(Errors.NO_REASSIGNMENT_IN_PROGRESS, "No reassignment of " + tp
                            + " is in progress");
                }
                next = new Reassignment(original, List.of(), List.of());
            } else {
                List<Integer> trs = target.get();
                Optional<String> invalid = invalid(trs);
                if (invalid.isPresent()) {
                    return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, invalid.get());
                }
                if (!allowRfChange && trs.size() != original.size()) {
                    return new ApiError(Errors.INVALID_REPLICATION_FACTOR, "The replication factor of " + tp
                            + " would change from " + original.size() + " to " + trs.size());
                }
                List<Integer> adding = trs.stream().filter(r -> !original.contains(r)).toList();
                List<Integer> removing = original.stream().filter(r -> !trs.contains(r)).toList();
                List<Integer> all = new ArrayList<>(trs);
                all.addAll(removing);
                next = new Reassignment(all, adding, removing);
            }
            Optional<Versioned> state = store.state(tp);
            Optional<LeaderAndIsr> nextState = Optional.empty();
            if (state.isPresent()) {
                nextState = restate(state.get().state(), next.replicas(), next.target());
                if (nextState.isEmpty()) {
                    return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "No in-sync replica of " + tp + " ("
                            + state.get().state().isr() + ") would remain among " + next.replicas());
                }
            }
            if (write(tp, va.get(), next, state, nextState)) {
                boolean done = next.adding().isEmpty() && next.removing().isEmpty();
                log.info("{}: reassignment {}: replicas {} -> {}, adding {}, removing {}", tp,
                        target.isEmpty() ? "cancelled" : done ? "applied at once" : "started", cur.replicas(),
                        next.replicas(), next.adding(), next.removing());
                if (done) {
                    ongoing.remove(tp);
                } else {
                    ongoing.add(tp);
                    maybeComplete(tp);
                }
                return ApiError.NONE;
            }
        }
        return new ApiError(Errors.UNKNOWN_SERVER_ERROR, "Too many concurrent changes of " + tp);
    }

    private Optional<String> invalid(List<Integer> trs) {
        if (trs.isEmpty()) {
            return Optional.of("The replica list is empty");
        }
        if (new HashSet<>(trs).size() != trs.size()) {
            return Optional.of("The replica list " + trs + " has duplicates");
        }
        for (int r : trs) {
            if (!context.liveBrokers.containsKey(r)) {
                return Optional.of("Broker " + r + " is not a registered broker");
            }
        }
        return Optional.empty();
    }

    /**
     * The state once the replicas become {@code replicas}: the ISR without the others, the leader kept when it
     * remains (else the first live in-sync replica of {@code preferred}), leader epoch + 1. Empty when no in-sync
     * replica would remain.
     */
    private Optional<LeaderAndIsr> restate(LeaderAndIsr cur, List<Integer> replicas, List<Integer> preferred) {
        List<Integer> isr = cur.isr().stream().filter(replicas::contains).toList();
        if (isr.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> live = context.live();
        int leader = cur.leader();
        if (!isr.contains(leader) || !live.contains(leader)) {
            leader = preferred.stream().filter(r -> isr.contains(r) && live.contains(r)
                    && !context.shuttingDown.contains(r)).findFirst().orElse(LeaderRules.NO_LEADER);
        }
        return Optional.of(new LeaderAndIsr(leader, cur.leaderEpoch() + 1, isr, controllerEpoch.getAsInt()));
    }

    /** Finishes {@code tp}'s reassignment when its ISR holds every target replica (and one of them can lead). */
    private void maybeComplete(TopicPartition tp) throws Exception {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<VersionedAssignment> va = store.assignmentWithVersion(tp.topic());
            if (va.isEmpty() || !va.get().assignment().partitions().containsKey(tp.partition())) {
                ongoing.remove(tp);
                return;
            }
            TopicAssignment a = va.get().assignment();
            int p = tp.partition();
            Reassignment cur = new Reassignment(a.partitions().get(p), a.adding().getOrDefault(p, List.of()),
                    a.removing().getOrDefault(p, List.of()));
            if (cur.adding().isEmpty() && cur.removing().isEmpty()) {
                ongoing.remove(tp);
                return;
            }
            Optional<Versioned> state = store.state(tp);
            List<Integer> target = cur.target();
            if (state.isEmpty() || !state.get().state().isr().containsAll(target)) {
                return;
            }
            Optional<LeaderAndIsr> next = restate(state.get().state(), target, target);
            if (next.isEmpty() || next.get().leader() == LeaderRules.NO_LEADER) {
                log.info("{}: reassignment waits for a live target replica {} to lead", tp, target);
                return;
            }
            if (write(tp, va.get(), new Reassignment(target, List.of(), List.of()), state, next)) {
                ongoing.remove(tp);
                log.info("{}: reassignment done: replicas {} -> {}, leader {}, isr {}", tp, cur.replicas(), target,
                        next.get().leader(), next.get().isr());
                return;
            }
        }
    }

    /** One fenced multi: the topic znode and (when present) the state, each on the version read. */
    private boolean write(TopicPartition tp, VersionedAssignment va, Reassignment next, Optional<Versioned> state,
                          Optional<LeaderAndIsr> nextState) throws Exception {
        TopicAssignment a = va.assignment();
        int p = tp.partition();
        Map<Integer, List<Integer>> partitions = new TreeMap<>(a.partitions());
        Map<Integer, List<Integer>> adding = new TreeMap<>(a.adding());
        Map<Integer, List<Integer>> removing = new TreeMap<>(a.removing());
        partitions.put(p, next.replicas());
        put(adding, p, next.adding());
        put(removing, p, next.removing());
        TopicAssignment updated = new TopicAssignment(a.topicId(), partitions, adding, removing);
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(writer.op().setData().withVersion(va.version()).forPath(ZkPaths.topic(tp.topic()), updated.encode()));
        if (state.isPresent() && nextState.isPresent()) {
            ops.add(writer.op().setData().withVersion(state.get().version())
                    .forPath(ZkPaths.partitionState(tp.topic(), p), nextState.get().encode()));
        }
        try {
            writer.commit(ops);
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            log.info("{}: assignment or state changed under a reassignment write ({}); reading again", tp, e.code());
            return false;
        }
        context.assignments.put(tp.topic(), updated);
        if (nextState.isPresent()) {
            LeaderAndIsr s = nextState.get();
            log.info("{}: reassignment: leader {} -> {}, leader epoch {}, isr {} -> {}", tp,
                    state.get().state().leader(), s.leader(), s.leaderEpoch(), state.get().state().isr(), s.isr());
        }
        return true;
    }

    private static void put(Map<Integer, List<Integer>> m, int p, List<Integer> replicas) {
        if (replicas.isEmpty()) {
            m.remove(p);
        } else {
            m.put(p, replicas);
        }
    }
}
