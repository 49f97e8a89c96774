package io.ferry.broker.zk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

import io.ferry.broker.cluster.TopicValidation;

/**
 * Assigns replicas of new partitions to brokers the way Apache Kafka does (AdminUtils, ZooKeeper era). Without racks:
 * partition p's first replica is broker[(p + startIndex) mod n] of the brokers sorted by id, and its other replicas
 * follow at a distance that shifts by one every n partitions, so leaders and followers spread evenly. With racks (all
 * brokers must have one): the same walk over a list that alternates racks, skipping a broker whose rack (or itself)
 * already holds a replica while another rack (or broker) holds none.
 */
public final class ReplicaAssignor {

    /** A candidate broker and its rack (null when it has none). */
    public record Broker(int id, String rack) {
    }

    private ReplicaAssignor() {
    }

    /** Assigns {@code partitions} new partitions numbered from 0 with a random start index and replica shift. */
    public static Map<Integer, List<Integer>> assign(Collection<Broker> brokers, int partitions, int rf,
                                                     Random random) {
        int n = Math.max(1, brokers.size());
        return assign(brokers, partitions, rf, random.nextInt(n), random.nextInt(n), 0);
    }

    /**
     * Deterministic assignment of {@code partitions} partitions numbered from {@code startPartitionId}: the first
     * replica of partition {@code startPartitionId} is at {@code startIndex}; {@code shift} is the initial distance
     * of the second replica (minus one).
     */
    public static Map<Integer, List<Integer>> assign(Collection<Broker> brokers, int partitions, int rf,
                                                     int startIndex, int shift, int startPartitionId) {
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions must be at least 1, got " + partitions);
        }
        if (rf < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be at least 1, got " + rf);
        }
        TopicValidation.tooFewBrokers(rf, brokers.size());
        List<Broker> sorted = new ArrayList<>(brokers);
        sorted.sort(Comparator.comparingInt(Broker::id));
        List<Broker> withoutRack = sorted.stream().filter(b -> b.rack() == null).toList();
        if (withoutRack.isEmpty()) {
            return rackAware(sorted, partitions, rf, startIndex, shift, startPartitionId);
        }
        if (withoutRack.size() < sorted.size()) {
            throw new InvalidReplicationFactorException("Not all brokers have rack information: brokers "
                    + withoutRack.stream().map(Broker::id).toList() + " have no broker.rack; set broker.rack on "
                    + "every broker or on none");
        }
        return rackUnaware(sorted.stream().map(Broker::id).toList(), partitions, rf, startIndex, shift,
                startPartitionId);
    }

    private static Map<Integer, List<Integer>> rackUnaware(List<Integer> ids, int partitions, int rf, int startIndex,
                                                           int shift, int startPartitionId) {
        int n = ids.size();
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        int p = Math.max(0, startPartitionId);
        for (int i = 0; i < partitions; i++, p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(ids.get(first));
            for (int j = 0; j < rf - 1; j++) {
                replicas.add(ids.get(follower(first, shift, j, n)));
            }
            out.put(p, List.copyOf(replicas));
        }
        return out;
    }

    private static Map<Integer, List<Integer>> rackAware(List<Broker> brokers, int partitions, int rf,
                                                         int startIndex, int shift, int startPartitionId) {
        Map<Integer, String> rackOf = new TreeMap<>();
        brokers.forEach(b -> rackOf.put(b.id(), b.rack()));
        int racks = new HashSet<>(rackOf.values()).size();
        List<Integer> arranged = rackAlternated(rackOf);
        int n = arranged.size();
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        int p = Math.max(0, startPartitionId);
        for (int i = 0; i < partitions; i++, p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + startIndex) % n;
            int leader = arranged.get(first);
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(leader);
            Set<String> racksUsed = new HashSet<>(Set.of(rackOf.get(leader)));
            Set<Integer> brokersUsed = new HashSet<>(Set.of(leader));
            int k = 0;
            while (replicas.size() < rf) {
                int candidate = arranged.get(follower(first, shift * racks, k++, n));
                String rack = rackOf.get(candidate);
                boolean rackOk = !racksUsed.contains(rack) || racksUsed.size() == racks;
                boolean brokerOk = !brokersUsed.contains(candidate) || brokersUsed.size() == n;
                if (rackOk && brokerOk) {
                    replicas.add(candidate);
                    racksUsed.add(rack);
                    brokersUsed.add(candidate);
                }
            }
            out.put(p, List.copyOf(replicas));
        }
        return out;
    }

    /** The index of a follower: {@code 1 + (shift + j) mod (n - 1)} positions after the first replica. */
    private static int follower(int first, int shift, int j, int n) {
        int distance = 1 + (shift + j) % (n - 1);
        return (first + distance) % n;
    }

    /** Brokers taken one per rack in turn (racks sorted, brokers of a rack by id): r1b1, r2b1, r3b1, r1b2... */
    static List<Integer> rackAlternated(Map<Integer, String> rackOf) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        rackOf.forEach((id, rack) -> byRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(id));
        List<Iterator<Integer>> iterators = byRack.values().stream().map(List::iterator).toList();
        List<Integer> out = new ArrayList<>();
        for (int r = 0; out.size() < rackOf.size(); r = (r + 1) % iterators.size()) {
            if (iterators.get(r).hasNext()) {
                out.add(iterators.get(r).next());
            }
        }
        return out;
    }
}
