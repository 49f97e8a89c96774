package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorClosedException;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

/**
 * The cluster controller of one broker. Every broker runs one; the one that wins the election (Kafka's ZooKeeper
 * scheme: an ephemeral {@code /controller} and a compare-and-set increment of {@code /controller_epoch} in one multi)
 * is active until its session ends, its znode is deleted, or a write of it fails the epoch check.
 *
 * <p>All work runs on one event thread; Curator callbacks only enqueue. {@link #start()} joins the election,
 * {@link #close()} resigns (deleting {@code /controller} only if it is this session's). The admin entry points
 * ({@link #electLeaders}, {@link #controlledShutdown}) complete exceptionally with {@link NotControllerException} on a
 * broker that is not the active controller.
 *
 * <pre>{@code
 * Controller controller = new Controller(curator, config.nodeId(), ControllerSettings.from(config));
 * controller.start();                       // after curator.start(); election happens in the background
 * ...
 * // clean shutdown: ask the active controller (any broker's, through an RPC later) until nothing is led
 * Set<TopicPartition> still = active.controlledShutdown(config.nodeId()).get();
 * controller.close();                       // resigns; deletes /controller only if this session holds it
 * }</pre>
 */
public final class Controller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    private final CuratorFramework client;
    private final int brokerId;
    private final ControllerSettings settings;
    private final ScheduledThreadPoolExecutor events;
    private final FencedWriter writer;
    private final ControllerStore store;
    private final ControllerContext context = new ControllerContext();
    private final ControllerDuties duties;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ConnectionStateListener connectionListener = (c, state) -> onConnectionState(state);
    private final List<CuratorCache> watches = new ArrayList<>();
    private CuratorCache controllerWatch;
    private ScheduledFuture<?> rebalanceTask;
    private BrokerProbe probe;
    private volatile boolean active;
    private volatile int epoch = -1;
    private volatile boolean started;
    private volatile boolean closed;

    public Controller(CuratorFramework client, int brokerId, ControllerSettings settings) {
        this(client, brokerId, settings, null);
    }

    /** @param probeListener the listener name whose endpoints the crash probe connects to (null: the first one) */
    public Controller(CuratorFramework client, int brokerId, ControllerSettings settings, String probeListener) {
        this.client = client;
        this.brokerId = brokerId;
        this.settings = settings;
        this.events = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ferry-controller-" + brokerId);
            t.setDaemon(true);
            return t;
        });
        this.events.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.events.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.writer = new FencedWriter(client);
        this.store = new ControllerStore(client, probeListener);
        this.duties = new ControllerDuties(store, writer, context, settings, () -> epoch);
    }

    /** Joins the controller election (the client must be started). */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        client.getConnectionStateListenable().addListener(connectionListener);
        controllerWatch = CuratorCache.build(client, ZkPaths.CONTROLLER, CuratorCache.Options.SINGLE_NODE_CACHE);
        controllerWatch.listenable().addListener(CuratorCacheListener.builder()
                .forDeletes(old -> enqueue("controller znode deleted", this::onControllerZnodeChanged))
                .forCreatesAndChanges((old, now) -> enqueue("controller znode changed", this::onControllerZnodeChanged))
                .build());
        controllerWatch.start();
        enqueue("election", this::elect);
    }

    /** True while this broker is the active controller (as far as it knows: its writes are fenced regardless). */
    public boolean isActive() {
        return active;
    }

    /** The controller epoch this broker won, or -1 when it is not the active controller. */
    public int epoch() {
        return active ? epoch : -1;
    }

    public int brokerId() {
        return brokerId;
    }

    /** Preferred leader election on these partitions; per partition NONE, ELECTION_NOT_NEEDED or why not. */
    public CompletableFuture<Map<TopicPartition, Errors>> electPreferredLeaders(Set<TopicPartition> partitions) {
        return electLeaders(ElectionType.PREFERRED, partitions);
    }

    /**
     * A leader election of {@code type}: PREFERRED moves leadership to the head of the assignment when it is live and
     * in the ISR (else PREFERRED_LEADER_NOT_AVAILABLE); UNCLEAN elects, for a partition without a live leader, the
     * first live in-sync replica or else the first live replica (else ELIGIBLE_LEADERS_NOT_AVAILABLE).
     */
    public CompletableFuture<Map<TopicPartition, Errors>> electLeaders(ElectionType type,
                                                                       Set<TopicPartition> partitions) {
        Set<TopicPartition> copy = Set.copyOf(partitions);
        return call(type + " leader election", () -> duties.elect(type, copy));
    }

    /**
     * Moves every leadership of {@code broker} to another live in-sync replica (and removes it from the ISRs where
     * others remain); completes with the partitions it still leads, which the broker should wait to be empty (by
     * calling again) before it stops.
     */
    public CompletableFuture<Set<TopicPartition>> controlledShutdown(int broker) {
        return call("controlled shutdown of " + broker, () -> duties.controlledShutdown(broker));
    }

    /**
     * Starts (a target replica list), replaces or cancels (empty) partition reassignments; per partition NONE or
     * why not (UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT, INVALID_REPLICATION_FACTOR,
     * NO_REASSIGNMENT_IN_PROGRESS). Completes once each is started; it finishes when its ISR holds every target.
     */
    public CompletableFuture<Map<TopicPartition, ApiError>> alterReassignments(
            Map<TopicPartition, Optional<List<Integer>>> targets, boolean allowReplicationFactorChange) {
        Map<TopicPartition, Optional<List<Integer>>> copy = new LinkedHashMap<>(targets);
        return call("reassignment of " + copy.keySet(),
                () -> duties.reassignments().alter(copy, allowReplicationFactorChange));
    }

    /** The reassignments in progress among {@code partitions}, or all of them when empty. */
    public CompletableFuture<Map<TopicPartition, Reassignment>> listReassignments(
            Optional<Set<TopicPartition>> partitions) {
        Optional<Set<TopicPartition>> copy = partitions.map(Set::copyOf);
        return call("list reassignments", () -> duties.reassignments().list(copy));
    }

    /** Resigns (deleting {@code /controller} if this session holds it) and stops the event thread. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        CompletableFuture<Void> resigned = new CompletableFuture<>();
        try {
            events.execute(() -> {
                try {
                    if (active && client.getZookeeperClient().isConnected()) {
                        deleteOwnControllerZnode();
                    }
                    resign("shutting down");
                } finally {
                    resigned.complete(null);
                }
            });
            resigned.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Controller {} did not resign cleanly: {}", brokerId, e.toString());
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        if (controllerWatch != null) {
            controllerWatch.close();
        }
        events.shutdownNow();
        try {
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- election -------------------------------------------------------------------------------------------

    private void elect() throws Exception {
        if (closed || active || !client.getZookeeperClient().isConnected()) {
            return;
        }
        try {
            client.create().forPath(ZkPaths.CONTROLLER_EPOCH, ZkData.encodeInt(0));
        } catch (KeeperException.NodeExistsException ignored) {
            // the usual case
        }
        Stat stat = new Stat();
        int current = ZkData.decodeInt(client.getData().storingStatIn(stat).forPath(ZkPaths.CONTROLLER_EPOCH));
        int next = current + 1;
        List<CuratorTransactionResult> results;
        try {
            results = client.transaction().forOperations(
                    client.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                            .forPath(ZkPaths.CONTROLLER, ZkData.encodeController(brokerId, System.currentTimeMillis())),
                    client.transactionOp().setData().withVersion(stat.getVersion())
                            .forPath(ZkPaths.CONTROLLER_EPOCH, ZkData.encodeInt(next)));
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
            log.debug("Broker {} lost the controller election ({})", brokerId, e.code());
            if (client.checkExists().forPath(ZkPaths.CONTROLLER) == null) {
                enqueue("election", this::elect);
            }
            return;
        }
        if (results.stream().anyMatch(r -> r.getError() != 0)) {
            log.debug("Broker {} lost the controller election", brokerId);
            return;
        }
        Stat epochStat = results.get(1).getResultStat();
        int epochZkVersion = epochStat != null ? epochStat.getVersion() : stat.getVersion() + 1;
        epoch = next;
        writer.enable(epochZkVersion);
        active = true;
        log.info("Broker {} is now the controller, epoch {} (/controller_epoch version {})", brokerId, next,
                epochZkVersion);
        onBecomingController();
    }

    private void onBecomingController() throws Exception {
        watch(ZkPaths.BROKER_IDS, path -> enqueueOnce("brokers", () -> {
            duties.onBrokersChanged();
            probeTargets();
        }));
        watch(ZkPaths.TOPICS, path -> {
            String topic = childOf(ZkPaths.TOPICS, path);
            if (topic != null) {
                enqueueOnce("topic " + topic, () -> duties.onTopicChanged(topic));
                return;
            }
            TopicPartition tp = stateOf(path);
            if (tp != null && duties.reassignments().inProgress(tp)) {
                enqueueOnce("reassigning " + tp, () -> duties.reassignments().onStateChanged(tp));
            }
        });
        watch(ZkPaths.TOPIC_CONFIGS, path -> {
            String topic = childOf(ZkPaths.TOPIC_CONFIGS, path);
            if (topic != null) {
                enqueueOnce("topic " + topic, () -> duties.onTopicChanged(topic));
            }
        });
        watch(ZkPaths.DELETE_TOPICS, path -> enqueueOnce("deletions", duties::onDeletionsChanged));
        watch(ZkPaths.CONTROLLED_SHUTDOWN, path -> enqueueOnce("controlled shutdowns",
                duties::onControlledShutdownRequests));
        duties.loadAndReconcile();
        if (settings.brokerProbeIntervalMs() > 0) {
            probe = new BrokerProbe(brokerId, settings.brokerProbeIntervalMs(), (broker, reachable) ->
                    enqueue("broker " + broker + (reachable ? " reachable" : " unreachable"), () -> {
                        if (active) {
                            duties.onReachability(broker, reachable);
                        }
                    }));
            probeTargets();
        }
        if (settings.autoLeaderRebalanceEnable()) {
            long ms = settings.leaderImbalanceCheckInterval().toMillis();
            rebalanceTask = events.scheduleWithFixedDelay(() -> run("auto leader rebalance", () -> {
                if (active) {
                    duties.rebalance();
                }
            }), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void resign(String why) {
        if (!active) {
            return;
        }
        active = false;
        writer.disable();
        log.info("Broker {} resigns as controller of epoch {}: {}", brokerId, epoch, why);
        epoch = -1;
        if (rebalanceTask != null) {
            rebalanceTask.cancel(false);
            rebalanceTask = null;
        }
        watches.forEach(CuratorCache::close);
        watches.clear();
        context.clear();
        duties.reassignments().clear();
        if (probe != null) {
            probe.close();
            probe = null;
        }
    }

    /** Points the crash probe at the registered brokers (on the event thread, after they changed). */
    private void probeTargets() throws Exception {
        if (probe != null) {
            java.util.Map<Integer, java.net.InetSocketAddress> listeners = store.listeners(context.liveBrokers.keySet());
            java.util.Map<Integer, java.net.InetSocketAddress> resolved = new java.util.HashMap<>();
            listeners.forEach((id, a) -> resolved.put(id, new java.net.InetSocketAddress(a.getHostString(), a.getPort())));
            probe.targets(resolved);
        }
    }

    /** {@code /controller} was created, changed or deleted: resign if it is not ours, join the election if empty. */
    private void onControllerZnodeChanged() throws Exception {
        if (closed) {
            return;
        }
        Stat stat = client.checkExists().forPath(ZkPaths.CONTROLLER);
        if (active && (stat == null || stat.getEphemeralOwner() != sessionId())) {
            resign("/controller is no longer this session's");
        }
        if (stat == null) {
            elect();
        }
    }

    private void deleteOwnControllerZnode() {
        try {
            Stat stat = client.checkExists().forPath(ZkPaths.CONTROLLER);
            if (stat != null && stat.getEphemeralOwner() == sessionId() && writer.writable()) {
                writer.commit(List.of(writer.op().delete().withVersion(stat.getVersion()).forPath(ZkPaths.CONTROLLER)));
            }
        } catch (Exception e) {
            log.info("Broker {} could not delete /controller on resignation: {}", brokerId, e.toString());
        }
    }

    private long sessionId() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private void onConnectionState(ConnectionState state) {
        switch (state) {
            case SUSPENDED -> {
                writer.disable();
                if (active) {
                    log.warn("Broker {}: ZooKeeper connection suspended, controller writes stopped", brokerId);
                }
            }
            case LOST -> {
                writer.disable();
                enqueue("session lost", () -> resign("ZooKeeper session lost"));
            }
            case CONNECTED, RECONNECTED -> enqueue("connected", this::onReconnected);
            default -> {
            }
        }
    }

    private void onReconnected() throws Exception {
        if (closed) {
            return;
        }
        if (active) {
            Stat stat = client.checkExists().forPath(ZkPaths.CONTROLLER);
            if (stat != null && stat.getEphemeralOwner() == sessionId()) {
                log.info("Broker {}: ZooKeeper connection back with the same session; controller resynchronises",
                        brokerId);
                writer.enable(writer.epochZkVersion());
                duties.loadAndReconcile();
                return;
            }
            resign("/controller is no longer this session's after reconnecting");
        }
        elect();
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private void watch(String path, Consumer<String> onPath) {
        CuratorCache cache = CuratorCache.build(client, path);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> onPath.accept(node.getPath()))
                .forChanges((old, node) -> onPath.accept(node.getPath()))
                .forDeletes((ChildData old) -> onPath.accept(old.getPath()))
                .build());
        watches.add(cache);
        cache.start();
    }

    /** The name of the direct child of {@code parent} that {@code path} is, or null. */
    private static String childOf(String parent, String path) {
        if (!path.startsWith(parent + "/")) {
            return null;
        }
        String rest = path.substring(parent.length() + 1);
        return rest.isEmpty() || rest.contains("/") ? null : rest;
    }

    /** The partition whose state znode {@code path} is, or null. */
    private static TopicPartition stateOf(String path) {
        String[] s = path.split("/");
        if (s.length != 7 || !s[1].equals("brokers") || !s[2].equals("topics") || !s[4].equals("partitions")
                || !s[6].equals("state")) {
            return null;
        }
        try {
            return new TopicPartition(s[3], Integer.parseInt(s[5]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Enqueues {@code task} unless an event of the same key is already waiting (events are triggers). */
    private void enqueueOnce(String key, Task task) {
        if (pending.add(key)) {
            enqueue(key, () -> {
                pending.remove(key);
                if (active) {
                    task.run();
                }
            });
        }
    }

    private void enqueue(String name, Task task) {
        try {
            events.execute(() -> run(name, task));
        } catch (RejectedExecutionException e) {
            log.debug("Controller {} is closed; event {} dropped", brokerId, name);
        }
    }

    private void run(String name, Task task) {
        try {
            task.run();
        } catch (ControllerMovedException e) {
            resign("fenced by a newer controller: " + e.getMessage());
        } catch (WritesSuspendedException e) {
            log.info("Controller event '{}' stopped: {}", name, e.getMessage());
        } catch (CuratorClosedException e) {
            resign("ZooKeeper client closed");
        } catch (Exception e) {
            log.error("Controller event '{}' failed", name, e);
        }
    }

    private <T> CompletableFuture<T> call(String name, Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            events.execute(() -> {
                if (!active) {
                    result.completeExceptionally(new NotControllerException(
                            "Broker " + brokerId + " is not the active controller"));
                    return;
                }
                run(name, () -> {
                    try {
                        result.complete(call.call());
                    } catch (ControllerMovedException | WritesSuspendedException e) {
                        result.completeExceptionally(new NotControllerException(
                                "Broker " + brokerId + " cannot act as controller now: " + e.getMessage()));
                        throw e;
                    } catch (Exception e) {
                        result.completeExceptionally(e);
                        throw e;
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new NotControllerException("Controller " + brokerId + " is closed"));
        }
        return result;
    }
}
