package io.ferry.broker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.util.AtomicFiles;

/**
 * Metadata of a single-node cluster: this broker leads every partition. Each topic is one properties file under
 * {@code <first log dir>/__ferry_metadata/topics/}, written atomically before the change is visible or announced.
 */
public final class LocalClusterMetadata implements ClusterMetadata {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterMetadata.class);

    private final BrokerConfig config;
    private final String clusterId;
    private final Path topicsDir;
    private final Map<String, TopicMetadata> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicMetadata> byId = new ConcurrentHashMap<>();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile BrokerNode self;
    private volatile Map<String, BrokerNode> byListener = Map.of();

    public LocalClusterMetadata(BrokerConfig config, String clusterId, Path metadataDir) throws IOException {
        this.config = config;
        this.clusterId = clusterId;
        this.topicsDir = metadataDir.resolve("topics");
        Files.createDirectories(topicsDir);
        load();
    }

    /**
     * Sets this broker's advertised address once the listeners are bound: {@code node} (the first advertised
     * listener) and the address of each listener, so a client is told the endpoint of the listener it came in on.
     */
    public void setSelf(BrokerNode node, Map<String, BrokerNode> byListener) {
        this.self = node;
        this.byListener = Map.copyOf(byListener);
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(topicsDir, "*.properties")) {
            for (Path f : files) {
                TopicMetadata t = read(AtomicFiles.readProperties(f));
                byName.put(t.name(), t);
                byId.put(t.id(), t);
            }
        }
        LOG.info("Loaded metadata of {} topics", byName.size());
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public int controllerId() {
        return config.nodeId();
    }

    @Override
    public List<BrokerNode> brokers() {
        BrokerNode node = self;
        return node == null ? List.of() : List.of(node);
    }

    @Override
    public List<BrokerNode> brokers(String listener) {
        BrokerNode node = byListener.get(listener);
        return node == null ? brokers() : List.of(node);
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<TopicMetadata> topic(Uuid id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Collection<TopicMetadata> topics() {
        return List.copyOf(byName.values());
    }

    @Override
    public synchronized TopicMetadata createTopic(String name, int partitions, int replicationFactor,
                                                  Map<String, String> configs, boolean validateOnly) {
        TopicValidation.newTopicName(name, byName.keySet());
        int count = TopicValidation.partitionCount(partitions, config.numPartitions());
        TopicValidation.replicationFactor(replicationFactor, config.defaultReplicationFactor(), brokersCount());
        validateConfigs(configs);
        TopicMetadata t = new TopicMetadata(name, Uuid.randomUuid(), partitionStates(0, count), Map.copyOf(configs));
        if (validateOnly) {
            return t;
        }
        persist(t);
        LOG.info("Created topic {} with {} partitions (id {})", name, count, t.id());
        listeners.forEach(l -> l.topicCreated(t));
        return t;
    }

    /** Only this node can hold replicas: the assignment must give every partition exactly [node.id]. */
    @Override
    public synchronized TopicMetadata createTopic(String name, Map<Integer, List<Integer>> assignment,
                                                  Map<String, String> configs, boolean validateOnly) {
        TopicValidation.newTopicName(name, byName.keySet());
        TopicValidation.assignment(name, assignment, java.util.Set.of(config.nodeId()));
        return createTopic(name, assignment.size(), 1, configs, validateOnly);
    }

    @Override
    public synchronized TopicMetadata deleteTopic(String name) {
        TopicMetadata t = byName.get(name);
        if (t == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        try {
            Files.deleteIfExists(topicsDir.resolve(t.id() + ".properties"));
            AtomicFiles.fsyncDirectory(topicsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete metadata of topic " + name, e);
        }
        byName.remove(name);
        byId.remove(t.id());
        LOG.info("Deleted topic {} (id {})", name, t.id());
        listeners.forEach(l -> l.topicDeleted(t));
        return t;
    }

    @Override
    public synchronized TopicMetadata createPartitions(String name, int totalCount, boolean validateOnly) {
        TopicMetadata t = byName.get(name);
        if (t == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        int current = t.partitions().size();
        TopicValidation.newPartitionCount(name, current, totalCount);
        List<PartitionState> all = new ArrayList<>(t.partitions());
        all.addAll(partitionStates(current, totalCount));
        TopicMetadata updated = new TopicMetadata(name, t.id(), List.copyOf(all), t.configs());
        if (validateOnly) {
            return updated;
        }
        persist(updated);
        LOG.info("Topic {} grew from {} to {} partitions", name, current, totalCount);
        listeners.forEach(l -> l.partitionsAdded(updated, current));
        return updated;
    }

    @Override
    public synchronized TopicMetadata alterTopicConfigs(String name, Map<String, String> configs,
                                                        boolean validateOnly) {
        TopicMetadata t = byName.get(name);
        if (t == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        validateConfigs(configs);
        TopicMetadata updated = new TopicMetadata(name, t.id(), t.partitions(), Map.copyOf(configs));
        if (validateOnly) {
            return updated;
        }
        persist(updated);
        LOG.info("Topic {} configs set to {}", name, configs);
        listeners.forEach(l -> l.configChanged(updated));
        return updated;
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    private int brokersCount() {
        return 1;
    }

    private static void validateConfigs(Map<String, String> configs) {
        TopicValidation.configs(configs);
    }

    private List<PartitionState> partitionStates(int from, int to) {
        List<PartitionState> list = new ArrayList<>();
        int node = config.nodeId();
        for (int p = from; p < to; p++) {
            list.add(PartitionState.local(p, node, 0));
        }
        return list;
    }

    private void persist(TopicMetadata t) {
        Map<String, String> p = new HashMap<>();
        p.put("name", t.name());
        p.put("id", t.id().toString());
        p.put("partitions", Integer.toString(t.partitions().size()));
        for (PartitionState s : t.partitions()) {
            p.put("partition." + s.partition() + ".leaderEpoch", Integer.toString(s.leaderEpoch()));
        }
        t.configs().forEach((k, v) -> p.put("config." + k, v));
        AtomicFiles.writeProperties(topicsDir.resolve(t.id() + ".properties"), p);
        byName.put(t.name(), t);
        byId.put(t.id(), t);
    }

    private TopicMetadata read(Properties p) {
        String name = p.getProperty("name");
        Uuid id = Uuid.fromString(p.getProperty("id"));
        int count = Integer.parseInt(p.getProperty("partitions"));
        int node = config.nodeId();
        List<PartitionState> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int epoch = Integer.parseInt(p.getProperty("partition." + i + ".leaderEpoch", "0"));
            parts.add(PartitionState.local(i, node, epoch));
        }
        Map<String, String> configs = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("config.")) {
                configs.put(k.substring("config.".length()), p.getProperty(k));
            }
        }
        return new TopicMetadata(name, id, List.copyOf(parts), Map.copyOf(configs));
    }
}
