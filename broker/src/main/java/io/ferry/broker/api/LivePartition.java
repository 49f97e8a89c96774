package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.protocol.Errors;

import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;

/**
 * A partition as Metadata and DescribeTopicPartitions describe it to clients: its leader only while that broker is
 * live (else -1 and LEADER_NOT_AVAILABLE), and the replicas on brokers that are not.
 */
record LivePartition(short errorCode, int leaderId, List<Integer> offlineReplicas) {

    static LivePartition of(ClusterMetadata metadata, PartitionState p) {
        List<Integer> offline = new ArrayList<>();
        for (int r : p.replicas()) {
            if (!metadata.isLive(r)) {
                offline.add(r);
            }
        }
        boolean available = p.leader() >= 0 && metadata.isLive(p.leader());
        return new LivePartition(available ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code(),
                available ? p.leader() : -1, offline);
    }
}
