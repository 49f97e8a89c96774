package io.ferry.broker.zk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.cluster.TopicValidation;
import io.ferry.broker.config.BrokerConfig;

/**
 * The cluster metadata every broker of a replicated cluster reads from ZooKeeper, with the validation and messages
 * of {@link io.ferry.broker.cluster.LocalClusterMetadata}.
 * <p>
 * Reads come from an in-memory view. A recursive {@link CuratorCache} on the root only triggers updates: on one
 * event thread, in order, the affected znodes are read again with their Stat, the view is updated, and then the
 * {@link MetadataListener}s are called on that same thread. {@link #start()} returns once everything was read.
 * Listeners added before {@code start()} get {@code topicCreated} for every existing topic; listeners added after it
 * (as the PartitionManager does) read {@link #topics()} instead. {@code topicCreated} and {@code partitionsAdded}
 * carry the states known then; {@code partitionsChanged} reports later state changes of known partitions.
 * <p>
 * Mutations write ZooKeeper on the caller's thread; the controller reacts to them (elects leaders, deletes topics)
 * and this view waits, bounded by the operation timeout, until it sees the outcome.
 */
public final class ZkClusterMetadata implements ClusterMetadata, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkClusterMetadata.class);

    private final CuratorFramework client;
    private final BrokerConfig config;
    private final ZkMetadataView view;
    private final ZkTopicStore store;
    private final ViewWaiters waiters = new ViewWaiters();
    private final ExecutorService events;
    private final ExecutorService writes;
    private final CuratorCache cache;
    private final ConnectionStateListener reconnect = this::stateChanged;
    private final Random random = new Random();
    private final String interBrokerListener;
    private volatile Duration operationTimeout = Duration.ofSeconds(30);
    private volatile Thread eventThread;

    /** A view over {@code client} (which this object does not own or close) for a broker configured by config. */
    public ZkClusterMetadata(CuratorFramework client, BrokerConfig config) {
        this.client = client;
        this.config = config;
        this.view = new ZkMetadataView(client);
        this.interBrokerListener = interBrokerListener(config);
        this.store = new ZkTopicStore(client);
        this.events = Executors.newSingleThreadExecutor(r -> {
            eventThread = daemon(r, "zk-metadata-events-" + config.nodeId());
            return eventThread;
        });
        this.writes = Executors.newSingleThreadExecutor(r -> daemon(r, "zk-metadata-writes-" + config.nodeId()));
        this.cache = CuratorCache.build(client, "/");
    }

    /** {@code inter.broker.listener.name}, else the name of the first listener. */
    public static String interBrokerListener(BrokerConfig config) {
        return config.interBrokerListenerName().orElseGet(() -> io.ferry.broker.config.Listener.parse(
                BrokerConfig.LISTENERS, config.listeners().get(0)).name());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** How long mutations wait for the controller's reaction (default 30 s). */
    public ZkClusterMetadata operationTimeout(Duration timeout) {
        this.operationTimeout = timeout;
        return this;
    }

    /** Starts watching and returns once the whole view was read. */
    public ZkClusterMetadata start() {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        CuratorCacheListener listener = CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> onEvent(data != null ? data : oldData))
                .forInitialized(() -> {
                    try {
                        view.loadAll();
                        loaded.complete(null);
                    } catch (Exception e) {
                        loaded.completeExceptionally(e);
                    }
                    waiters.signal();
                })
                .afterInitialized()
                .build();
        cache.listenable().addListener(listener, events);
        client.getConnectionStateListenable().addListener(reconnect);
        cache.start();
        try {
            loaded.get(Math.max(operationTimeout.toMillis(), config.zookeeperConnectionTimeoutMs()),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new KafkaException("Could not load the cluster metadata from ZooKeeper: " + e.getMessage(), e);
        }
        return this;
    }

    private void onEvent(ChildData node) {
        if (node == null) {
            return;
        }
        try {
            view.changed(node.getPath());
        } catch (Exception e) {
            LOG.warn("Could not read {} from ZooKeeper after a change: {}", node.getPath(), e.toString());
        }
        waiters.signal();
    }

    private void stateChanged(CuratorFramework c, ConnectionState state) {
        if (state == ConnectionState.RECONNECTED) {
            events.execute(() -> {
                try {
                    view.loadAll();
                } catch (Exception e) {
                    LOG.warn("Could not reload the cluster metadata after reconnecting: {}", e.toString());
                }
                waiters.signal();
            });
        }
    }

    @Override
    public String clusterId() {
        return view.clusterId();
    }

    @Override
    public int controllerId() {
        return view.controllerId();
    }

    /** Live brokers at their endpoint of {@code inter.broker.listener.name} (default: the first listener's name). */
    @Override
    public List<BrokerNode> brokers() {
        return brokers(interBrokerListener);
    }

    @Override
    public List<BrokerNode> brokers(String listener) {
        List<BrokerNode> out = new ArrayList<>();
        for (ZkData.BrokerRegistration r : view.brokers()) {
            ZkData.Endpoint e = r.endpoint(listener);
            if (e != null) {
                out.add(new BrokerNode(r.id(), e.host(), e.port(), r.rack()));
            }
        }
        return out;
    }

    /** A live broker's full registration (every listener), e.g. to find its inter-broker endpoint. */
    public Optional<ZkData.BrokerRegistration> registration(int id) {
        return view.broker(id);
    }

    @Override
    public boolean isLive(int id) {
        return view.broker(id).isPresent();
    }

    @Override
    public Optional<TopicMetadata> topic(String name) {
        return view.topic(name);
    }

    @Override
    public Optional<TopicMetadata> topic(Uuid id) {
        return view.topic(id);
    }

    /** Topics, without those marked for deletion. */
    @Override
    public Collection<TopicMetadata> topics() {
        return view.topics();
    }

    @Override
    public void addListener(MetadataListener listener) {
        view.addListener(listener);
    }

    @Override
    public TopicMetadata createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs,
                                     boolean validateOnly) {
        checkNewName(name);
        int count = TopicValidation.partitionCount(partitions, config.numPartitions());
        List<ReplicaAssignor.Broker> live = liveBrokers();
        int rf = TopicValidation.replicationFactor(replicationFactor, config.defaultReplicationFactor(), live.size());
        TopicValidation.configs(configs);
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(live, count, rf, random);
        return create(name, assignment, configs, validateOnly);
    }

    @Override
    public TopicMetadata createTopic(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs,
                                     boolean validateOnly) {
        checkNewName(name);
        Set<Integer> live = liveBrokers().stream().map(ReplicaAssignor.Broker::id).collect(Collectors.toSet());
        TopicValidation.assignment(name, assignment, live);
        TopicValidation.configs(configs);
        return create(name, new TreeMap<>(assignment), configs, validateOnly);
    }

    private void checkNewName(String name) {
        if (view.markedForDeletion(name) && view.anyTopic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' is marked for deletion.");
        }
        TopicValidation.newTopicName(name, view.allTopicNames());
    }

    private TopicMetadata create(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs,
                                 boolean validateOnly) {
        Uuid id = Uuid.randomUuid();
        TopicMetadata planned = new TopicMetadata(name, id, leaderless(assignment, 0), Map.copyOf(configs));
        if (validateOnly) {
            return planned;
        }
        store.create(name, new ZkData.TopicAssignment(id, assignment), configs);
        LOG.info("Created topic {} with {} partitions, replication factor {} (id {})", name, assignment.size(),
                planned.replicationFactor(), id);
        return awaitLeaders(name, id, assignment.size()).orElse(planned);
    }

    /** The topic once every partition has a leader in the view, or what the view knows at the timeout. */
    private Optional<TopicMetadata> awaitLeaders(String name, Uuid id, int partitions) {
        boolean led = await(() -> view.anyTopic(name).filter(t -> t.id().equals(id))
                .filter(t -> t.partitions().size() >= partitions)
                .filter(t -> t.partitions().stream().allMatch(p -> p.leader() >= 0)).isPresent(), operationTimeout);
        if (!led) {
            LOG.info("Topic {} has partitions without a leader after {} ms", name, operationTimeout.toMillis());
        }
        return view.anyTopic(name).filter(t -> t.id().equals(id));
    }

    /**
     * Waits for the view to satisfy {@code condition}, except on the event thread (a listener calling a mutation),
     * which must not wait for events it would itself process.
     */
    private boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        if (Thread.currentThread() == eventThread) {
            return condition.getAsBoolean();
        }
        return waiters.await(condition, timeout);
    }

    private static List<PartitionState> leaderless(Map<Integer, List<Integer>> assignment, int from) {
        return assignment.entrySet().stream().filter(e -> e.getKey() >= from)
                .map(e -> new PartitionState(e.getKey(), -1, -1, e.getValue(), List.of(), -1)).toList();
    }

    @Override
    public TopicMetadata deleteTopic(String name) {
        TopicMetadata t = view.anyTopic(name).orElseThrow(() -> ZkTopicStore.unknownTopic(name));
        store.markForDeletion(name);
        LOG.info("Marked topic {} for deletion", name);
        boolean gone = await(() -> view.anyTopic(name).filter(x -> x.id().equals(t.id())).isEmpty(),
                operationTimeout);
        if (!gone) {
            LOG.info("Topic {} is still marked for deletion after {} ms", name, operationTimeout.toMillis());
        }
        return t;
    }

    @Override
    public TopicMetadata createPartitions(String name, int totalCount, boolean validateOnly) {
        TopicMetadata t = view.topic(name).orElseThrow(() -> ZkTopicStore.unknownTopic(name));
        TopicValidation.newPartitionCount(name, t.partitions().size(), totalCount);
        List<ReplicaAssignor.Broker> live = liveBrokers();
        if (validateOnly) {
            Map<Integer, List<Integer>> all = grow(name, t.partitions().stream().collect(Collectors.toMap(
                    PartitionState::partition, PartitionState::replicas, (a, b) -> a, TreeMap::new)), totalCount, live);
            List<PartitionState> states = new ArrayList<>(t.partitions());
            states.addAll(leaderless(all, t.partitions().size()));
            return new TopicMetadata(name, t.id(), List.copyOf(states), t.configs());
        }
        ZkData.TopicAssignment updated = store.updateAssignment(name, current -> new ZkData.TopicAssignment(
                current.topicId(), grow(name, current.partitions(), totalCount, live), current.adding(),
                current.removing()));
        LOG.info("Topic {} grows from {} to {} partitions", name, t.partitions().size(), totalCount);
        return awaitLeaders(name, updated.topicId(), totalCount).orElseThrow(() -> ZkTopicStore.unknownTopic(name));
    }

    /** The assignment grown to {@code totalCount} partitions, the new ones placed as Kafka does. */
    private static Map<Integer, List<Integer>> grow(String name, Map<Integer, List<Integer>> current, int totalCount,
                                                    List<ReplicaAssignor.Broker> live) {
        TopicValidation.newPartitionCount(name, current.size(), totalCount);
        List<Integer> first = current.get(0);
        int startIndex = 0;
        for (int i = 0; i < live.size(); i++) {
            if (live.get(i).id() >= first.get(0)) {
                startIndex = i;
                break;
            }
        }
        Map<Integer, List<Integer>> all = new TreeMap<>(current);
        all.putAll(ReplicaAssignor.assign(live, totalCount - current.size(), first.size(), startIndex, startIndex,
                current.size()));
        return all;
    }

    @Override
    public TopicMetadata alterTopicConfigs(String name, Map<String, String> configs, boolean validateOnly) {
        TopicMetadata t = view.topic(name).orElseThrow(() -> ZkTopicStore.unknownTopic(name));
        TopicValidation.configs(configs);
        TopicMetadata updated = new TopicMetadata(name, t.id(), t.partitions(), Map.copyOf(configs));
        if (validateOnly) {
            return updated;
        }
        store.setConfig(name, configs);
        LOG.info("Topic {} configs set to {}", name, configs);
        await(() -> view.anyTopic(name).filter(x -> x.configs().equals(updated.configs())).isPresent(),
                operationTimeout);
        return view.anyTopic(name).filter(x -> x.configs().equals(updated.configs())).orElse(updated);
    }

    /** Runs on a writer thread (never the event thread), reading the current state znode, not the view. */
    @Override
    public CompletableFuture<PartitionState> alterIsr(String topic, PartitionState proposed) {
        CompletableFuture<PartitionState> result = new CompletableFuture<>();
        try {
            writes.execute(() -> {
                try {
                    result.complete(store.alterIsr(topic, proposed));
                } catch (ApiException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(new UnknownServerException(e.toString(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new UnknownServerException("The cluster metadata is closed"));
        }
        return result;
    }

    /** Live brokers sorted by id, with their racks. */
    private List<ReplicaAssignor.Broker> liveBrokers() {
        return view.brokers().stream().map(r -> new ReplicaAssignor.Broker(r.id(), r.rack())).toList();
    }

    /** Stops watching; the Curator client stays open (its owner closes it). */
    @Override
    public void close() {
        client.getConnectionStateListenable().removeListener(reconnect);
        cache.close();
        events.shutdown();
        writes.shutdown();
    }
}
