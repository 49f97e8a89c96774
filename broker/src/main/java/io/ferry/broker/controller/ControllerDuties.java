package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.controller.LeaderRules.Change;
import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkData.LeaderAndIsr;

/**
 * The active controller's work, one method per event, run on the event thread only: which partitions to create,
 * elect or shrink, decided by {@link LeaderRules} on states re-read just before, written by
 * {@link PartitionStateWriter}; topic deletions by {@link TopicDeleter}.
 */
final class ControllerDuties {

    private static final Logger log = LoggerFactory.getLogger(ControllerDuties.class);
    private static final int ELECTION_ATTEMPTS = 1000;

    private final ControllerStore store;
    private final ControllerContext context;
    private final ControllerSettings settings;
    private final IntSupplier controllerEpoch;
    private final PartitionStateWriter states;
    private final TopicDeleter deleter;
    private final Reassignments reassignments;

    ControllerDuties(ControllerStore store, FencedWriter writer, ControllerContext context,
                     ControllerSettings settings, IntSupplier controllerEpoch) {
        this.store = store;
        this.context = context;
        this.settings = settings;
        this.controllerEpoch = controllerEpoch;
        this.states = new PartitionStateWriter(store, writer);
        this.deleter = new TopicDeleter(store, writer);
        this.reassignments = new Reassignments(store, writer, context, controllerEpoch);
    }

    /** Failover (or resynchronisation after a reconnect): load everything, then bring every partition online. */
    void loadAndReconcile() throws Exception {
        Map<Integer, Long> known = new TreeMap<>(context.liveBrokers);
        Set<Integer> shuttingDown = new HashSet<>(context.shuttingDown);
        context.clear();
        context.liveBrokers.putAll(store.liveBrokers());
        // After a reconnect, a broker that re-registered meanwhile (new czxid) is handled as bounced.
        Set<Integer> bounced = new TreeSet<>();
        known.forEach((id, czxid) -> {
            Long now = context.liveBrokers.get(id);
            if (now != null && !now.equals(czxid)) {
                bounced.add(id);
            }
        });
        for (String topic : store.topics()) {
            try {
                store.assignment(topic).ifPresent(a -> context.assignments.put(topic, a));
            } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
                log.error("Topic {} is ignored: its znode is malformed ({})", topic, e.getMessage());
            }
        }
        context.deleting.addAll(store.topicsToDelete());
        log.info("Controller loaded {} live brokers {}, {} topics, {} queued for deletion", context.liveBrokers.size(),
                context.liveBrokers.keySet(), context.assignments.size(), context.deleting.size());
        shuttingDown.removeIf(id -> bounced.contains(id) || !context.liveBrokers.containsKey(id));
        context.shuttingDown.addAll(shuttingDown);
        deleteQueuedTopics();
        reconcileAll(bounced);
        reassignments.resumeAll();
    }

    Reassignments reassignments() {
        return reassignments;
    }

    /** {@code /brokers/ids} changed: deaths (and bounces, as a death first) then startups. */
    void onBrokersChanged() throws Exception {
        Map<Integer, Long> now = store.liveBrokers();
        Set<Integer> dead = new TreeSet<>(context.liveBrokers.keySet());
        dead.removeAll(now.keySet());
        Set<Integer> born = new TreeSet<>(now.keySet());
        born.removeAll(context.liveBrokers.keySet());
        Set<Integer> bounced = new TreeSet<>();
        now.forEach((id, czxid) -> {
            Long old = context.liveBrokers.get(id);
            if (old != null && !old.equals(czxid)) {
                bounced.add(id);
            }
        });
        if (dead.isEmpty() && born.isEmpty() && bounced.isEmpty()) {
            return;
        }
        log.info("Brokers changed: dead {}, new {}, bounced {}; live now {}", dead, born, bounced, now.keySet());
        context.shuttingDown.removeAll(dead);
        context.shuttingDown.removeAll(bounced);
        context.unreachable.removeAll(dead);
        context.unreachable.removeAll(bounced);
        context.liveBrokers.clear();
        context.liveBrokers.putAll(now);
        reconcileAll(bounced);
    }

    /** {@code /brokers/topics/<t>} or {@code /config/topics/<t>} changed. */
    void onTopicChanged(String topic) throws Exception {
        Optional<ZkData.TopicAssignment> assignment = store.assignment(topic);
        if (assignment.isEmpty()) {
            context.assignments.remove(topic);
            reassignments.resume(topic);
            return;
        }
        context.assignments.put(topic, assignment.get());
        if (context.deleting.contains(topic)) {
            return;
        }
        for (int p : assignment.get().partitions().keySet()) {
            reconcile(new TopicPartition(topic, p), Set.of());
        }
        reassignments.resume(topic);
    }

    /** {@code /admin/delete_topics} changed. */
    void onDeletionsChanged() throws Exception {
        context.deleting.clear();
        context.deleting.addAll(store.topicsToDelete());
        deleteQueuedTopics();
    }

    /** The periodic auto leader rebalance. */
    void rebalance() throws Exception {
        Map<Integer, List<TopicPartition>> preferredOf = new TreeMap<>();
        for (TopicPartition tp : context.partitions()) {
            List<Integer> replicas = context.replicas(tp);
            if (replicas != null && !replicas.isEmpty()) {
                preferredOf.computeIfAbsent(replicas.get(0), b -> new ArrayList<>()).add(tp);
            }
        }
        Set<Integer> live = context.live();
        for (Map.Entry<Integer, List<TopicPartition>> e : preferredOf.entrySet()) {
            int broker = e.getKey();
            if (!live.contains(broker) || context.shuttingDown.contains(broker)) {
                continue;
            }
            List<TopicPartition> ledElsewhere = new ArrayList<>();
            for (TopicPartition tp : e.getValue()) {
                Optional<Versioned> s = store.state(tp);
                if (s.isPresent() && s.get().state().leader() != broker) {
                    ledElsewhere.add(tp);
                }
            }
            double percent = 100.0 * ledElsewhere.size() / e.getValue().size();
            if (percent > settings.leaderImbalancePerBrokerPercentage()) {
                log.info("Broker {} leads {} of its {} preferred partitions ({}% elsewhere): rebalancing", broker,
                        e.getValue().size() - ledElsewhere.size(), e.getValue().size(), Math.round(percent));
                for (TopicPartition tp : ledElsewhere) {
                    elect(ElectionType.PREFERRED, tp);
                }
            }
        }
    }

    /** An admin election of {@code type} on each partition. */
    Map<TopicPartition, Errors> elect(ElectionType type, Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, elect(type, tp));
        }
        return out;
    }

    /** Controlled shutdown: moves {@code broker}'s leaderships away; returns the partitions it still leads. */
    /**
     * The probe found a registered broker refusing connections (crashed; its session has not ended yet), or
     * accepting them again: its partitions are reconciled as if it had died, or as if it had started.
     */
    void onReachability(int broker, boolean reachable) throws Exception {
        if (!context.liveBrokers.containsKey(broker)) {
            return;
        }
        boolean changed = reachable ? context.unreachable.remove(broker) : context.unreachable.add(broker);
        if (changed) {
            log.info("Broker {} is {}; live now {}", broker, reachable ? "reachable again" : "unreachable",
                    context.live());
            reconcileAll(Set.of());
        }
    }

    /** {@code /admin/controlled_shutdown} changed: move the leaderships of each live broker asking for it. */
    void onControlledShutdownRequests() throws Exception {
        for (int broker : store.controlledShutdownRequests()) {
            if (context.liveBrokers.containsKey(broker) && !context.shuttingDown.contains(broker)) {
                Set<TopicPartition> still = controlledShutdown(broker);
                if (!still.isEmpty()) {
                    log.info("Broker {} still leads {} partitions with no other in-sync replica", broker,
                            still.size());
                }
            }
        }
    }

    Set<TopicPartition> controlledShutdown(int broker) throws Exception {
        context.shuttingDown.add(broker);
        log.info("Controlled shutdown of broker {}", broker);
        Set<TopicPartition> stillLed = new TreeSet<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        for (TopicPartition tp : context.partitions()) {
            List<Integer> replicas = context.replicas(tp);
            if (replicas == null || !replicas.contains(broker)) {
                continue;
            }
            states.update(tp, "controlled shutdown of broker " + broker,
                    cur -> LeaderRules.shutdown(replicas, cur, broker, context.live(), context.shuttingDown,
                            controllerEpoch.getAsInt()).map(s -> new Change(s, false)));
            Optional<Versioned> after = store.state(tp);
            if (after.isPresent() && after.get().state().leader() == broker) {
                stillLed.add(tp);
            }
        }
        return stillLed;
    }

    private Errors elect(ElectionType type, TopicPartition tp) throws Exception {
        List<Integer> replicas = context.replicas(tp);
        if (replicas == null || context.deleting.contains(tp.topic())) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        for (int attempt = 0; attempt < ELECTION_ATTEMPTS; attempt++) {
            Optional<Versioned> cur = store.state(tp);
            if (cur.isEmpty()) {
                return type == ElectionType.PREFERRED ? Errors.PREFERRED_LEADER_NOT_AVAILABLE
                        : Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
            }
            LeaderRules.Election election = type == ElectionType.PREFERRED
                    ? LeaderRules.preferred(replicas, cur.get().state(), context.live(), context.shuttingDown,
                    controllerEpoch.getAsInt())
                    : LeaderRules.unclean(replicas, cur.get().state(), context.live(), context.shuttingDown,
                    controllerEpoch.getAsInt());
            if (election.state().isEmpty()) {
                return election.error();
            }
            if (states.write(tp, cur.get(), new Change(election.state().get(), type == ElectionType.UNCLEAN),
                    type.name().toLowerCase(java.util.Locale.ROOT) + " election")) {
                return Errors.NONE;
            }
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    private void reconcileAll(Set<Integer> bounced) throws Exception {
        for (TopicPartition tp : context.partitions()) {
            try {
                reconcile(tp, bounced);
            } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
                log.error("{}: skipped, its state znode is malformed ({})", tp, e.getMessage());
            }
        }
    }

    /**
     * Brings one partition to the state the live brokers call for: creates it when it has no state yet, elects a
     * leader when its leader is gone, removes dead followers from the ISR. Brokers in {@code bounced} are first
     * handled as dead, then as started.
     */
    private void reconcile(TopicPartition tp, Set<Integer> bounced) throws Exception {
        List<Integer> replicas = context.replicas(tp);
        if (replicas == null || replicas.isEmpty()) {
            return;
        }
        if (store.state(tp).isEmpty()) {
            createState(tp, replicas);
            return;
        }
        if (!bounced.isEmpty()) {
            Set<Integer> survivors = new HashSet<>(context.live());
            survivors.removeAll(bounced);
            states.update(tp, "brokers " + bounced + " bounced", online(tp, replicas, Set.copyOf(survivors)));
        }
        states.update(tp, "brokers changed", online(tp, replicas, context.live()));
    }

    private PartitionStateWriter.Decider online(TopicPartition tp, List<Integer> replicas, Set<Integer> live) {
        int epoch = controllerEpoch.getAsInt();
        return cur -> {
            Optional<Change> clean = LeaderRules.online(replicas, cur, live, context.shuttingDown, false, epoch);
            boolean offline = clean.map(c -> c.state().leader() == LeaderRules.NO_LEADER)
                    .orElse(cur.leader() == LeaderRules.NO_LEADER);
            if (offline && uncleanAllowed(tp.topic())) {
                Optional<Change> unclean = LeaderRules.online(replicas, cur, live, context.shuttingDown, true, epoch);
                if (unclean.isPresent() && unclean.get().state().leader() != LeaderRules.NO_LEADER) {
                    return unclean;
                }
            }
            return clean;
        };
    }

    private boolean uncleanAllowed(String topic) throws Exception {
        String v = store.topicConfig(topic).get(ControllerSettings.UNCLEAN_LEADER_ELECTION_ENABLE);
        return v == null ? settings.uncleanLeaderElectionEnable() : Boolean.parseBoolean(v.trim());
    }

    private void createState(TopicPartition tp, List<Integer> replicas) throws Exception {
        Optional<LeaderAndIsr> initial = LeaderRules.initial(replicas, context.live(), controllerEpoch.getAsInt());
        if (initial.isEmpty()) {
            log.info("{}: no assigned replica of {} is live; its state waits for one", tp, replicas);
            return;
        }
        if (!states.create(tp, initial.get()) && store.state(tp).isPresent()) {
            states.update(tp, "brokers changed", online(tp, replicas, context.live()));
        }
    }

    private void deleteQueuedTopics() throws Exception {
        for (String topic : List.copyOf(context.deleting)) {
            if (deleter.delete(topic)) {
                context.assignments.remove(topic);
                context.deleting.remove(topic);
            }
        }
    }
}
