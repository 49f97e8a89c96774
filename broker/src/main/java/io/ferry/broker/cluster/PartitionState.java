package io.ferry.broker.cluster;

import java.util.List;

/**
 * One partition's leadership: leader broker (-1 when none), leader epoch (never decreasing), the assigned replicas in
 * preference order, the in-sync replicas, and the partition epoch: the version of the state it was read from (the
 * ZooKeeper zkVersion of its state znode in a cluster), which a leader presents to change the ISR.
 */
public record PartitionState(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr,
                             int partitionEpoch) {

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A single-replica partition led by {@code node} (the single-node broker). */
    public static PartitionState local(int partition, int node, int leaderEpoch) {
        return new PartitionState(partition, node, leaderEpoch, List.of(node), List.of(node), 0);
    }

    /** The same leadership with another ISR (a leader's proposed ISR change). */
    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(partition, leader, leaderEpoch, replicas, newIsr, partitionEpoch);
    }
}
