package io.ferry.broker.cluster;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;

/** A topic: name, id (a real UUID), partitions in index order, and its config overrides. */
public record TopicMetadata(String name, Uuid id, List<PartitionState> partitions, Map<String, String> configs) {

    public boolean isInternal() {
        return Topic.isInternal(name);
    }

    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
