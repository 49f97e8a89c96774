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

    /** Live brokers, each at its inter-broker endpoint (replication, markers, the controller's probes). */
    List<BrokerNode> brokers();

    /**
     * Live brokers, each at its endpoint of {@code listener} (the listener a client's request came on), or at its
     * first endpoint when it has none of that name.
     */
    default List<BrokerNode> brokers(String listener) {
        return brokers();
    }

    /** A live broker by id at its endpoint of {@code listener} (see {@link #brokers(String)}). */
    default Optional<BrokerNode> broker(int id, String listener) {
        return brokers(listener).stream().filter(b -> b.id() == id).findFirst();
    }

    Optional<TopicMetadata> topic(String name);

    Optional<TopicMetadata> topic(Uuid id);

    Collection<TopicMetadata> topics();

    /**
     * Creates a topic. {@code partitions} and {@code replicationFactor} of -1 take the broker defaults; configs are
     * validated first. With {@code validateOnly} nothing changes.
     */
    TopicMetadata createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs,
                              boolean validateOnly);

    /**
     * Creates a topic with an explicit replica assignment (partition → replicas in preference order), as a
     * CreateTopics request carrying assignments asks. The assignment must number partitions 0..n-1, give each the
     * same number of distinct replicas, and name only existing brokers, else
     * {@link org.apache.kafka.common.errors.InvalidReplicaAssignmentException}.
     */
    TopicMetadata createTopic(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs,
                              boolean validateOnly);

    TopicMetadata deleteTopic(String name);

    /** Grows a topic to {@code totalCount} partitions. */
    TopicMetadata createPartitions(String name, int totalCount, boolean validateOnly);

    /** Replaces a topic's config overrides (validated). */
    TopicMetadata alterTopicConfigs(String name, Map<String, String> configs, boolean validateOnly);

    void addListener(MetadataListener listener);

    /** Whether broker {@code id} is alive (registered). */
    default boolean isLive(int id) {
        return brokers().stream().anyMatch(b -> b.id() == id);
    }

    /** A live broker by id. */
    default Optional<BrokerNode> broker(int id) {
        return brokers().stream().filter(b -> b.id() == id).findFirst();
    }

    /**
     * A partition leader's ISR change, committed only if the partition's state is still the one the leader knows
     * ({@code proposed.partitionEpoch()}, its leader and leader epoch). Completes with the committed state (a new
     * partition epoch) or exceptionally with {@link org.apache.kafka.common.errors.InvalidUpdateVersionException}
     * when the state moved on (the leader then waits for the new state), or another ApiException. A single-node
     * broker never changes its ISR.
     */
    default java.util.concurrent.CompletableFuture<PartitionState> alterIsr(String topic, PartitionState proposed) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("a single-node broker has no ISR to change"));
    }
}
