package io.ferry.broker.zk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.Uuid;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;

/**
 * The in-memory copy of the cluster metadata in ZooKeeper, changed only by one thread: each {@link #changed(String)}
 * re-reads the znodes a changed path stands for (with their Stat), updates the copy, then tells the listeners what
 * differs. Reading again makes coalesced or repeated notifications harmless. Readers on other threads see immutable
 * values in concurrent maps.
 */
final class ZkMetadataView {

    private static final Logger LOG = LoggerFactory.getLogger(ZkMetadataView.class);

    private final CuratorFramework client;
    private final Map<Integer, ZkData.BrokerRegistration> brokers = new ConcurrentSkipListMap<>();
    private final Map<String, TopicMetadata> topics = new ConcurrentHashMap<>();
    private final Map<Uuid, String> names = new ConcurrentHashMap<>();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int controllerId = -1;
    private volatile String clusterId;

    ZkMetadataView(CuratorFramework client) {
        this.client = client;
    }

    void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    Collection<ZkData.BrokerRegistration> brokers() {
        return List.copyOf(brokers.values());
    }

    Optional<ZkData.BrokerRegistration> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    int controllerId() {
        return controllerId;
    }

    String clusterId() {
        return clusterId;
    }

    /** A topic, whether or not it is marked for deletion. */
    Optional<TopicMetadata> anyTopic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    Set<String> allTopicNames() {
        return Set.copyOf(topics.keySet());
    }

    boolean markedForDeletion(String name) {
        return deleting.contains(name);
    }

    /** A topic not marked for deletion. */
    Optional<TopicMetadata> topic(String name) {
        return deleting.contains(name) ? Optional.empty() : anyTopic(name);
    }

    Optional<TopicMetadata> topic(Uuid id) {
        String name = names.get(id);
        return name == null ? Optional.empty() : topic(name).filter(t -> t.id().equals(id));
    }

    Collection<TopicMetadata> topics() {
        return topics.values().stream().filter(t -> !deleting.contains(t.name())).toList();
    }

    /** Reads everything (start-up, or after the session was re-established). */
    void loadAll() throws Exception {
        reloadClusterId();
        reloadController();
        Set<String> ids = new TreeSet<>();
        brokers.keySet().forEach(id -> ids.add(Integer.toString(id)));
        ids.addAll(children(ZkPaths.BROKER_IDS));
        for (String id : ids) {
            reload(ZkPaths.BROKER_IDS + "/" + id);
        }
        Set<String> marked = new TreeSet<>(deleting);
        marked.addAll(children(ZkPaths.DELETE_TOPICS));
        for (String t : marked) {
            reloadDeletion(t);
        }
        Set<String> names = new TreeSet<>(topics.keySet());
        names.addAll(children(ZkPaths.TOPICS));
        for (String t : names) {
            reload(ZkPaths.topic(t));
        }
        LOG.info("Loaded cluster metadata from ZooKeeper: {} brokers, {} topics, controller {}", brokers.size(),
                topics.size(), controllerId);
    }

    /** Reads one entity again during a full load; a malformed znode is logged and skipped, not fatal. */
    private void reload(String path) throws Exception {
        try {
            changed(path);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring {} in ZooKeeper: {}", path, e.getMessage());
        }
    }

    /** Something at {@code path} was created, changed or deleted. */
    void changed(String path) throws Exception {
        String[] s = path.split("/");
        int n = s.length;
        if (n == 3 && s[1].equals("cluster") && s[2].equals("id")) {
            reloadClusterId();
        } else if (n == 2 && s[1].equals("controller")) {
            reloadController();
        } else if (n == 4 && s[1].equals("brokers") && s[2].equals("ids")) {
            reloadBroker(Integer.parseInt(s[3]));
        } else if (n == 4 && s[1].equals("brokers") && s[2].equals("topics")) {
            reloadTopic(s[3]);
        } else if (n == 7 && s[1].equals("brokers") && s[2].equals("topics") && s[6].equals("state")) {
            reloadPartition(s[3], Integer.parseInt(s[5]));
        } else if (n == 4 && s[1].equals("config") && s[2].equals("topics")) {
            reloadConfig(s[3]);
        } else if (n == 4 && s[1].equals("admin") && s[2].equals("delete_topics")) {
            reloadDeletion(s[3]);
        }
    }

    private void reloadClusterId() throws Exception {
        byte[] data = data(ZkPaths.CLUSTER_ID, null);
        clusterId = data == null ? null : ZkData.decodeClusterId(data);
    }

    private void reloadController() throws Exception {
        byte[] data = data(ZkPaths.CONTROLLER, null);
        int id = data == null ? -1 : ZkData.decodeController(data);
        if (id != controllerId) {
            LOG.info("Controller is now broker {}", id);
            controllerId = id;
        }
    }

    private void reloadBroker(int id) throws Exception {
        byte[] data = data(ZkPaths.broker(id), null);
        if (data == null) {
            if (brokers.remove(id) != null) {
                LOG.info("Broker {} left the cluster", id);
            }
            return;
        }
        ZkData.BrokerRegistration r = ZkData.BrokerRegistration.decode(id, data);
        if (brokers.put(id, r) == null) {
            LOG.info("Broker {} joined the cluster at {}", id, r.endpoints());
        }
    }

    private void reloadDeletion(String topic) throws Exception {
        if (client.checkExists().forPath(ZkPaths.deleteTopic(topic)) != null) {
            if (deleting.add(topic)) {
                LOG.info("Topic {} is marked for deletion", topic);
            }
        } else {
            deleting.remove(topic);
        }
    }

    private void reloadTopic(String name) throws Exception {
        TopicMetadata old = topics.get(name);
        byte[] data = data(ZkPaths.topic(name), null);
        if (data == null) {
            if (old != null) {
                forget(old);
                fire(l -> l.topicDeleted(old), "topicDeleted", name);
            }
            return;
        }
        ZkData.TopicAssignment a = ZkData.TopicAssignment.decode(data);
        List<PartitionState> states = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : a.partitions().entrySet()) {
            states.add(readState(name, e.getKey(), e.getValue()));
        }
        TopicMetadata now = new TopicMetadata(name, a.topicId(), List.copyOf(states), readConfig(name));
        if (now.equals(old)) {
            return;
        }
        if (old != null && !old.id().equals(now.id())) {
            forget(old);
            fire(l -> l.topicDeleted(old), "topicDeleted", name);
        }
        topics.put(name, now);
        names.put(now.id(), name);
        if (old == null || !old.id().equals(now.id())) {
            fire(l -> l.topicCreated(now), "topicCreated", name);
            return;
        }
        int before = old.partitions().size();
        if (now.partitions().size() > before) {
            fire(l -> l.partitionsAdded(now, before), "partitionsAdded", name);
        }
        if (!now.configs().equals(old.configs())) {
            fire(l -> l.configChanged(now), "configChanged", name);
        }
        List<PartitionState> changed = new ArrayList<>();
        for (int p = 0; p < Math.min(before, now.partitions().size()); p++) {
            if (!now.partitions().get(p).equals(old.partitions().get(p))) {
                changed.add(now.partitions().get(p));
            }
        }
        if (!changed.isEmpty()) {
            fire(l -> l.partitionsChanged(now, List.copyOf(changed)), "partitionsChanged", name);
        }
    }

    private void reloadPartition(String name, int partition) throws Exception {
        TopicMetadata old = topics.get(name);
        if (old == null || partition >= old.partitions().size()) {
            reloadTopic(name);
            return;
        }
        PartitionState prev = old.partitions().get(partition);
        // The state first, then the topic znode: a reassignment changes both in one multi, so the replicas read
        // here are at least as new as the state (a leader must know the replicas of its new epoch).
        PartitionState read = readState(name, partition, prev.replicas());
        List<Integer> replicas = readReplicas(name, partition);
        PartitionState now = replicas == null || replicas.equals(read.replicas()) ? read
                : new PartitionState(partition, read.leader(), read.leaderEpoch(), replicas, read.isr(),
                read.partitionEpoch());
        if (now.partitionEpoch() < 0) {
            // Only a topic deletion removes state znodes: report the deletion once the topic znode is gone.
            if (client.checkExists().forPath(ZkPaths.topic(name)) == null) {
                reloadTopic(name);
            }
            return;
        }
        if (now.equals(prev)) {
            return;
        }
        List<PartitionState> states = new ArrayList<>(old.partitions());
        states.set(partition, now);
        TopicMetadata updated = new TopicMetadata(name, old.id(), List.copyOf(states), old.configs());
        topics.put(name, updated);
        fire(l -> l.partitionsChanged(updated, List.of(now)), "partitionsChanged", name);
    }

    private void reloadConfig(String name) throws Exception {
        TopicMetadata old = topics.get(name);
        if (old == null) {
            return;
        }
        Map<String, String> configs = readConfig(name);
        if (configs.equals(old.configs())) {
            return;
        }
        TopicMetadata updated = new TopicMetadata(name, old.id(), old.partitions(), configs);
        topics.put(name, updated);
        fire(l -> l.configChanged(updated), "configChanged", name);
    }

    private void forget(TopicMetadata t) {
        topics.remove(t.name());
        names.remove(t.id(), t.name());
        LOG.info("Topic {} (id {}) is gone", t.name(), t.id());
    }

    /** A partition's state; without a state znode: no leader, epoch -1, empty ISR, partition epoch -1. */
    PartitionState readState(String topic, int partition, List<Integer> replicas) throws Exception {
        Stat stat = new Stat();
        byte[] data = data(ZkPaths.partitionState(topic, partition), stat);
        if (data == null) {
            return new PartitionState(partition, -1, -1, replicas, List.of(), -1);
        }
        ZkData.LeaderAndIsr s = ZkData.LeaderAndIsr.decode(data);
        return new PartitionState(partition, s.leader(), s.leaderEpoch(), replicas, s.isr(), stat.getVersion());
    }

    /** A partition's replicas in its topic znode, or null when the topic or partition is gone. */
    private List<Integer> readReplicas(String topic, int partition) throws Exception {
        byte[] data = data(ZkPaths.topic(topic), null);
        return data == null ? null : ZkData.TopicAssignment.decode(data).partitions().get(partition);
    }

    private Map<String, String> readConfig(String topic) throws Exception {
        byte[] data = data(ZkPaths.topicConfig(topic), null);
        return data == null ? Map.of() : Map.copyOf(new TreeMap<>(ZkData.decodeConfig(data)));
    }

    private byte[] data(String path, Stat stat) throws Exception {
        try {
            return stat == null ? client.getData().forPath(path) : client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private void fire(Consumer<MetadataListener> call, String event, String topic) {
        LOG.debug("Metadata event {} for topic {}", event, topic);
        for (MetadataListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Metadata listener {} failed on {} of topic {}", l, event, topic, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ZkMetadataView" + Objects.toString(topics.keySet());
    }
}
