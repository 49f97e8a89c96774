package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import io.ferry.broker.zk.ZkData.TopicAssignment;

/**
 * What the active controller remembers between events, touched only on the event thread: live brokers with their
 * epochs, topic assignments, topics queued for deletion and brokers in controlled shutdown. Partition states are not
 * cached: they are read (with their version) before every decision.
 */
final class ControllerContext {

    final Map<Integer, Long> liveBrokers = new TreeMap<>();
    final Map<String, TopicAssignment> assignments = new TreeMap<>();
    final Set<String> deleting = new HashSet<>();
    final Set<Integer> shuttingDown = new HashSet<>();
    /** Registered brokers whose listener refuses connections: crashed, their ZooKeeper session not ended yet. */
    final Set<Integer> unreachable = new HashSet<>();

    void clear() {
        liveBrokers.clear();
        assignments.clear();
        deleting.clear();
        shuttingDown.clear();
        unreachable.clear();
    }

    /** Registered brokers that are not known to have crashed. */
    Set<Integer> live() {
        Set<Integer> live = new HashSet<>(liveBrokers.keySet());
        live.removeAll(unreachable);
        return Set.copyOf(live);
    }

    /** The assigned replicas of a partition, or null when unknown. */
    List<Integer> replicas(TopicPartition tp) {
        TopicAssignment a = assignments.get(tp.topic());
        return a == null ? null : a.partitions().get(tp.partition());
    }

    /** Every partition of every topic not queued for deletion. */
    List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        assignments.forEach((topic, a) -> {
            if (!deleting.contains(topic)) {
                a.partitions().keySet().forEach(p -> out.add(new TopicPartition(topic, p)));
            }
        });
        return out;
    }
}
