package io.ferry.broker.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.log.LogConfig;
import io.ferry.broker.log.LogManager;
import io.ferry.broker.log.PartitionLog;

/**
 * The partitions this broker hosts, kept in step with the cluster metadata: logs are created when a topic or
 * partition appears, reconfigured when its configs change and deleted with the topic.
 */
public final class PartitionManager implements MetadataListener {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final ClusterMetadata metadata;
    private final LogManager logs;
    private final Function<Map<String, String>, LogConfig> logConfigs;
    private final long producerIdExpirationMs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /** @param producerIdExpirationMs {@code producer.id.expiration.ms} of every partition */
    public PartitionManager(ClusterMetadata metadata, LogManager logs,
                            Function<Map<String, String>, LogConfig> logConfigs, long producerIdExpirationMs) {
        this.metadata = metadata;
        this.logs = logs;
        this.logConfigs = logConfigs;
        this.producerIdExpirationMs = producerIdExpirationMs;
    }

    /** Opens the logs on disk, creates missing ones, and removes logs of topics that no longer exist. */
    public void start() {
        Map<TopicPartition, PartitionLog> loaded = logs.loadLogs(tp -> metadata.topic(tp.topic())
                .map(t -> logConfigs.apply(t.configs()))
                .orElseGet(() -> logConfigs.apply(Map.of())));
        for (TopicMetadata t : metadata.topics()) {
            addPartitions(t, 0);
        }
        Set<TopicPartition> orphans = ConcurrentHashMap.newKeySet();
        orphans.addAll(loaded.keySet());
        orphans.removeAll(partitions.keySet());
        for (TopicPartition tp : orphans) {
            LOG.info("Deleting log of {}: its topic no longer exists", tp);
            logs.delete(tp);
        }
        metadata.addListener(this);
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Map<TopicPartition, Partition> all() {
        return Map.copyOf(partitions);
    }

    @Override
    public void topicCreated(TopicMetadata topic) {
        addPartitions(topic, 0);
    }

    @Override
    public void partitionsAdded(TopicMetadata topic, int previousCount) {
        addPartitions(topic, previousCount);
    }

    @Override
    public void topicDeleted(TopicMetadata topic) {
        for (PartitionState p : topic.partitions()) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            partitions.remove(tp);
            logs.delete(tp);
        }
    }

    @Override
    public void configChanged(TopicMetadata topic) {
        LogConfig config = logConfigs.apply(topic.configs());
        for (PartitionState p : topic.partitions()) {
            Partition partition = partitions.get(new TopicPartition(topic.name(), p.partition()));
            if (partition != null) {
                partition.log().updateConfig(config);
            }
        }
    }

    private void addPartitions(TopicMetadata topic, int from) {
        LogConfig config = logConfigs.apply(topic.configs());
        for (PartitionState p : topic.partitions().subList(from, topic.partitions().size())) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            try {
                PartitionLog log = logs.getOrCreate(tp, config);
                partitions.put(tp, new Partition(tp, topic.id(), log, p.leaderEpoch(), producerIdExpirationMs));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the log of " + tp, e);
            }
        }
    }

    /** Saves every partition's producer state (clean shutdown, after the network stopped, before the logs close). */
    public void saveProducerStates() {
        for (Partition partition : partitions.values()) {
            try {
                partition.saveProducerState();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not save the producer state of {} (the next start rebuilds it from the log): {}",
                        partition.topicPartition(), e.toString());
            }
        }
    }
}
