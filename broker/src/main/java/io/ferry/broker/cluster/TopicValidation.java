package io.ferry.broker.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;

import io.ferry.broker.config.TopicConfigs;

/**
 * The checks every {@link ClusterMetadata} applies to topic mutations, with the same exceptions and messages whether
 * the cluster is a single node or replicated.
 */
public final class TopicValidation {

    private TopicValidation() {
    }

    /** A legal topic name that is not taken and does not collide with an existing one ('.' versus '_'). */
    public static void newTopicName(String name, Collection<String> existing) {
        Topic.validate(name);
        if (existing.contains(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (Topic.hasCollisionChars(name)) {
            for (String other : existing) {
                if (Topic.hasCollision(name, other)) {
                    throw new InvalidConfigurationException("Topic '" + name + "' collides with existing topic '"
                            + other + "' ('.' and '_' are interchangeable in metric names)");
                }
            }
        }
    }

    /** The partition count to create: {@code requested}, or {@code numPartitions} for -1. */
    public static int partitionCount(int requested, int numPartitions) {
        int count = requested == -1 ? numPartitions : requested;
        if (count < 1) {
            throw new InvalidPartitionsException("Number of partitions must be at least 1 (or -1 for num.partitions), got "
                    + requested);
        }
        return count;
    }

    /** The replication factor to create: {@code requested}, or {@code defaultFactor} for -1, at most {@code brokers}. */
    public static int replicationFactor(int requested, int defaultFactor, int brokers) {
        int rf = requested == -1 ? defaultFactor : requested;
        if (rf < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be at least 1 (or -1 for "
                    + "default.replication.factor), got " + requested);
        }
        tooFewBrokers(rf, brokers);
        return rf;
    }

    /** Refuses a replication factor larger than the number of available brokers. */
    public static void tooFewBrokers(int rf, int brokers) {
        if (rf > brokers) {
            throw new InvalidReplicationFactorException("Replication factor: " + rf
                    + " larger than available brokers: " + brokers + ".");
        }
    }

    /** A new total partition count for a topic that has {@code current}. */
    public static void newPartitionCount(String name, int current, int totalCount) {
        if (totalCount <= current) {
            throw new InvalidPartitionsException("Topic '" + name + "' has " + current
                    + " partitions; the new count must be larger, got " + totalCount + ".");
        }
    }

    /** Topic config overrides, as {@link InvalidConfigurationException} when one is invalid. */
    public static void configs(Map<String, String> configs) {
        try {
            TopicConfigs.validate(configs);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    /**
     * An explicit replica assignment: partitions numbered 0..n-1, each with the same number of distinct replicas,
     * all of them among {@code brokers}.
     */
    public static void assignment(String name, Map<Integer, List<Integer>> assignment, Set<Integer> brokers) {
        if (assignment.isEmpty()) {
            throw new InvalidReplicaAssignmentException("Replica assignment of topic '" + name + "' is empty.");
        }
        Set<Integer> ids = new TreeSet<>(assignment.keySet());
        for (int p = 0; p < ids.size(); p++) {
            if (!ids.contains(p)) {
                throw new InvalidReplicaAssignmentException("Replica assignment of topic '" + name
                        + "' must number partitions 0 to " + (ids.size() - 1) + ", got " + ids + ".");
            }
        }
        int rf = -1;
        for (Map.Entry<Integer, List<Integer>> e : assignment.entrySet()) {
            List<Integer> replicas = e.getValue();
            if (replicas == null || replicas.isEmpty()) {
                throw new InvalidReplicaAssignmentException("Partition " + e.getKey() + " of topic '" + name
                        + "' has no replicas.");
            }
            if (rf == -1) {
                rf = replicas.size();
            } else if (replicas.size() != rf) {
                throw new InvalidReplicaAssignmentException("All partitions of topic '" + name
                        + "' must have the same number of replicas: partition " + e.getKey() + " has "
                        + replicas.size() + ", others " + rf + ".");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new InvalidReplicaAssignmentException("Partition " + e.getKey() + " of topic '" + name
                        + "' lists a broker more than once: " + replicas + ".");
            }
            Set<Integer> unknown = new TreeSet<>(replicas);
            unknown.removeAll(brokers);
            if (!unknown.isEmpty()) {
                throw new InvalidReplicaAssignmentException("Partition " + e.getKey() + " of topic '" + name
                        + "' is assigned to unknown broker(s) " + unknown + "; available brokers: "
                        + new TreeSet<>(brokers) + ".");
            }
        }
    }
}
