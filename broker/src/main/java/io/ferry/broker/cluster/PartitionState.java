package io.ferry.broker.cluster;

import java.util.List;

/** One partition's leadership: leader broker, leader epoch (never decreasing), replicas and in-sync replicas. */
public record PartitionState(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
}
