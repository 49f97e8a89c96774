package io.ferry.broker.controller;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

/**
 * A real ZooKeeper ({@link TestingServer}), an admin session, simulated brokers (an ephemeral registration on a session
 * of their own: closing it is the broker's death) and controllers, each on its own session.
 */
abstract class ControllerHarness {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final ControllerSettings NO_REBALANCE = ControllerSettings.defaults()
            .withAutoLeaderRebalance(false, Duration.ofMinutes(5));

    TestingServer server;
    CuratorFramework admin;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        admin = newClient();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        server.close();
    }

    CuratorFramework newClient() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs(10_000).connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(50, 3)).build();
        c.start();
        if (!c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("no ZooKeeper connection");
        }
        resources.add(c);
        return c;
    }

    /** A controller on its own session, started. */
    Controller controller(int brokerId, ControllerSettings settings) throws InterruptedException {
        return controller(newClient(), brokerId, settings);
    }

    Controller controller(CuratorFramework client, int brokerId, ControllerSettings settings) {
        Controller c = new Controller(client, brokerId, settings);
        resources.add(c);
        c.start();
        return c;
    }

    /** A started controller that is active. */
    Controller activeController(int brokerId, ControllerSettings settings) throws InterruptedException {
        Controller c = controller(brokerId, settings);
        await().atMost(DEADLINE).until(c::isActive);
        return c;
    }

    /** A simulated broker: its registration lives as long as its session. */
    CuratorFramework broker(int id) throws Exception {
        CuratorFramework session = newClient();
        session.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(ZkPaths.broker(id),
                registration(id));
        return session;
    }

    /**
     * Re-registers {@code id} on a new session in one multi (old registration deleted, new one created), so the
     * controller can only see the broker epoch (czxid) change: a bounce.
     */
    CuratorFramework bounce(int id, CuratorFramework old) throws Exception {
        CuratorFramework session = newClient();
        session.transaction().forOperations(session.transactionOp().delete().forPath(ZkPaths.broker(id)),
                session.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(ZkPaths.broker(id),
                        registration(id)));
        old.close();
        return session;
    }

    private static byte[] registration(int id) {
        return new ZkData.BrokerRegistration(id, List.of(new ZkData.Endpoint("PLAINTEXT", "localhost", 9000 + id,
                "PLAINTEXT")), null, System.currentTimeMillis()).encode();
    }

    void createTopic(String topic, Map<Integer, List<Integer>> assignment) throws Exception {
        admin.create().creatingParentsIfNeeded().forPath(ZkPaths.topic(topic),
                new ZkData.TopicAssignment(Uuid.randomUuid(), assignment).encode());
    }

    void setTopicConfig(String topic, Map<String, String> config) throws Exception {
        try {
            admin.create().creatingParentsIfNeeded().forPath(ZkPaths.topicConfig(topic), ZkData.encodeConfig(config));
        } catch (KeeperException.NodeExistsException e) {
            admin.setData().forPath(ZkPaths.topicConfig(topic), ZkData.encodeConfig(config));
        }
    }

    Optional<ZkData.LeaderAndIsr> state(TopicPartition tp) throws Exception {
        try {
            return Optional.of(ZkData.LeaderAndIsr.decode(
                    admin.getData().forPath(ZkPaths.partitionState(tp.topic(), tp.partition()))));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    String stateJson(TopicPartition tp) throws Exception {
        return new String(admin.getData().forPath(ZkPaths.partitionState(tp.topic(), tp.partition())),
                StandardCharsets.UTF_8);
    }

    ZkData.LeaderAndIsr awaitState(TopicPartition tp, Predicate<ZkData.LeaderAndIsr> condition) {
        return await().atMost(DEADLINE).until(() -> state(tp).orElse(null), s -> s != null && condition.test(s));
    }

    ZkData.LeaderAndIsr awaitState(TopicPartition tp, int leader, int leaderEpoch, List<Integer> isr) {
        return awaitState(tp, s -> s.leader() == leader && s.leaderEpoch() == leaderEpoch && s.isr().equals(isr));
    }

    /** What a partition leader does: change only the ISR, keeping leader and leader epoch, by conditional write. */
    void leaderChangesIsr(TopicPartition tp, List<Integer> isr) throws Exception {
        leaderChangesIsr(tp, current -> isr);
    }

    /** The same, computing the new ISR from the one read (in the same read-then-conditional-write). */
    void leaderChangesIsr(TopicPartition tp, java.util.function.UnaryOperator<List<Integer>> change) throws Exception {
        Stat stat = new Stat();
        String path = ZkPaths.partitionState(tp.topic(), tp.partition());
        ZkData.LeaderAndIsr cur = ZkData.LeaderAndIsr.decode(admin.getData().storingStatIn(stat).forPath(path));
        admin.setData().withVersion(stat.getVersion()).forPath(path,
                new ZkData.LeaderAndIsr(cur.leader(), cur.leaderEpoch(), change.apply(cur.isr()),
                        cur.controllerEpoch()).encode());
    }

    int controllerEpochZnode() throws Exception {
        return ZkData.decodeInt(admin.getData().forPath(ZkPaths.CONTROLLER_EPOCH));
    }

    /**
     * Waits until the active controller has handled every event queued so far: a probe topic on live broker
     * {@code broker} gets its state only after the earlier events ran (one event thread, in order).
     */
    void sync(String probe, int broker) throws Exception {
        createTopic(probe, Map.of(0, List.of(broker)));
        awaitState(new TopicPartition(probe, 0), s -> true);
    }
}
