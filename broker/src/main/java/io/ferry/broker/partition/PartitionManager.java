package io.ferry.broker.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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
 * The partition replicas this broker hosts, kept in step with the cluster metadata: a log is created when a topic or
 * partition with a replica here appears, reconfigured when its configs change and deleted with the topic. On a
 * single-node broker every partition leads alone; in a cluster the replica manager gives each its role.
 */
public final class PartitionManager implements MetadataListener {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);

    private final ClusterMetadata metadata;
    private final LogManager logs;
    private final Function<Map<String, String>, LogConfig> logConfigs;
    private final long producerIdExpirationMs;
    private final int localBroker;
    private final ToIntFunction<Map<String, String>> minInsyncReplicas;
    private final Partition.IsrChanges isrChanges;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final java.util.List<LeadershipListener> leadershipListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told when a local replica becomes leader or stops leading (coordinators follow their topics' leaders). */
    public interface LeadershipListener {
        void elected(Partition partition);

        void resigned(Partition partition);
    }

    public void addLeadershipListener(LeadershipListener listener) {
        leadershipListeners.add(listener);
    }

    /** Called by the replica manager after {@code partition} became leader. */
    public void fireElected(Partition partition) {
        leadershipListeners.forEach(l -> l.elected(partition));
    }

    /** Called by the replica manager after {@code partition} stopped leading (or went away). */
    public void fireResigned(Partition partition) {
        leadershipListeners.forEach(l -> l.resigned(partition));
    }

    /**
     * @param localBroker this broker's id: only partitions with a replica here are hosted
     * @param minInsyncReplicas {@code min.insync.replicas} of a topic with these config overrides
     * @param isrChanges where leaders send ISR changes; null on a single-node broker, whose partitions lead alone
     * @param producerIdExpirationMs {@code producer.id.expiration.ms} of every partition
     */
    public PartitionManager(ClusterMetadata metadata, LogManager logs, int localBroker,
                            Function<Map<String, String>, LogConfig> logConfigs,
                            ToIntFunction<Map<String, String>> minInsyncReplicas, Partition.IsrChanges isrChanges,
                            long producerIdExpirationMs) {
        this.metadata = metadata;
        this.logs = logs;
        this.localBroker = localBroker;
        this.logConfigs = logConfigs;
        this.minInsyncReplicas = minInsyncReplicas;
        this.isrChanges = isrChanges;
        this.producerIdExpirationMs = producerIdExpirationMs;
    }

    public int localBroker() {
        return localBroker;
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

    /** Forgets a partition this broker no longer hosts (reassigned away) and deletes its log. */
    public void removeReplica(TopicPartition tp) {
        if (partitions.remove(tp) != null) {
            logs.delete(tp);
        }
    }

    @Override
    public void configChanged(TopicMetadata topic) {
        LogConfig config = logConfigs.apply(topic.configs());
        int minIsr = minInsyncReplicas.applyAsInt(topic.configs());
        for (PartitionState p : topic.partitions()) {
            Partition partition = partitions.get(new TopicPartition(topic.name(), p.partition()));
            if (partition != null) {
                partition.log().updateConfig(config);
                partition.setMinInsyncReplicas(minIsr);
            }
        }
    }

    @Override
    public void partitionsChanged(TopicMetadata topic, java.util.List<PartitionState> changed) {
        addPartitions(topic, 0);
    }

    private void addPartitions(TopicMetadata topic, int from) {
        LogConfig config = logConfigs.apply(topic.configs());
        int minIsr = minInsyncReplicas.applyAsInt(topic.configs());
        for (PartitionState p : topic.partitions().subList(from, topic.partitions().size())) {
            TopicPartition tp = new TopicPartition(topic.name(), p.partition());
            if (!p.replicas().contains(localBroker) || partitions.containsKey(tp)) {
                continue;
            }
            try {
                PartitionLog log = logs.getOrCreate(tp, config);
                Optional<org.apache.kafka.common.Uuid> stored = PartitionMetadataFile.read(log.directory());
                if (stored.isPresent() && !stored.get().equals(topic.id())) {
                    LOG.info("Deleting the log of {}: it belongs to an earlier topic of that name (id {}, now {})",
                            tp, stored.get(), topic.id());
                    logs.delete(tp);
                    log = logs.getOrCreate(tp, config);
                    stored = Optional.empty();
                }
                if (stored.isEmpty()) {
                    PartitionMetadataFile.write(log.directory(), topic.id());
                }
                Partition partition = isrChanges == null
                        ? Partition.soleReplica(tp, topic.id(), log, localBroker, p.leaderEpoch(), producerIdExpirationMs)
                        : new Partition(tp, topic.id(), log, localBroker, producerIdExpirationMs, isrChanges);
                partition.setMinInsyncReplicas(minIsr);
                partitions.put(tp, partition);
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
