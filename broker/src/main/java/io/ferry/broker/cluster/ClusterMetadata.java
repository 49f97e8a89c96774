package io.ferry.broker.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.Uuid;

/**
 * The cluster's metadata as the API handlers need it. Mutations validate their input and throw Kafka's
 * {@link org.apache.kafka.common.errors.ApiException} subclasses (TopicExistsException, InvalidTopicException,
 * InvalidReplicationFactorException, InvalidPartitionsException, UnknownTopicOrPartitionException...), which the
 * handlers map to wire error codes.
 */
public interface ClusterMetadata {

    String clusterId();

    int controllerId();

    List<BrokerNode> brokers();

    Optional<TopicMetadata> topic(String name);

    Optional<TopicMetadata> topic(Uuid id);

    Collection<TopicMetadata> topics();

    /**
     * Creates a topic. {@code partitions} and {@code replicationFactor} of -1 take the broker defaults; configs are
     * validated first. With {@code validateOnly} nothing changes.
     */
    TopicMetadata createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs,
                              boolean validateOnly);

    TopicMetadata deleteTopic(String name);

    /** Grows a topic to {@code totalCount} partitions. */
    TopicMetadata createPartitions(String name, int totalCount, boolean validateOnly);

    /** Replaces a topic's config overrides (validated). */
    TopicMetadata alterTopicConfigs(String name, Map<String, String> configs, boolean validateOnly);

    void addListener(MetadataListener listener);
}
