package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;

/**
 * Two brokers' views of one ZooKeeper. No controller runs here: the test writes the partition state znodes and
 * deletes topics itself, as the controller would.
 */
class ZkClusterMetadataTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestingServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private CuratorFramework zk;
    private ZkClusterMetadata meta1;
    private ZkClusterMetadata meta2;
    private ZkSession session2;
    private BrokerRegistry registry2;
    private final Recorder events2 = new Recorder();

    @BeforeEach
    void startCluster() throws Exception {
        server = new TestingServer();
        String connect = server.getConnectString() + "/ferry";
        ZkSession s1 = open(ZkTesting.session(connect));
        ZkSession s2 = open(ZkTesting.session(connect));
        zk = s1.client();
        ZkClusterId.ensureClusterId(zk, Optional.empty());
        open(ZkTesting.register(s1, 1, null));
        registry2 = open(ZkTesting.register(s2, 2, null));
        session2 = s2;
        meta1 = open(new ZkClusterMetadata(s1.client(), ZkTesting.config(1)).operationTimeout(WAIT).start());
        meta2 = open(new ZkClusterMetadata(s2.client(), ZkTesting.config(2)).operationTimeout(WAIT).start());
        events2.view = meta2;
        meta2.addListener(events2);
    }

    private <T extends AutoCloseable> T open(T c) {
        closeables.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        server.close();
    }

    /** Stands in for the controller: writes a state znode (leader = first replica) for each partition lacking one. */
    private void electLeaders(String topic, int partitions) throws Exception {
        await().atMost(WAIT).until(() -> zk.checkExists().forPath(ZkPaths.topic(topic)) != null
                && ZkData.TopicAssignment.decode(zk.getData().forPath(ZkPaths.topic(topic))).partitions().size()
                >= partitions);
        ZkData.TopicAssignment a = ZkData.TopicAssignment.decode(zk.getData().forPath(ZkPaths.topic(topic)));
        for (Map.Entry<Integer, List<Integer>> e : a.partitions().entrySet()) {
            String path = ZkPaths.partitionState(topic, e.getKey());
            if (zk.checkExists().forPath(path) == null) {
                zk.create().creatingParentsIfNeeded().forPath(path,
                        new ZkData.LeaderAndIsr(e.getValue().get(0), 0, e.getValue(), 1).encode());
            }
        }
    }

    private TopicMetadata createAndElect(String topic, int partitions, int rf, Map<String, String> configs)
            throws Exception {
        CompletableFuture<TopicMetadata> created = CompletableFuture.supplyAsync(
                () -> meta1.createTopic(topic, partitions, rf, configs, false));
        electLeaders(topic, partitions);
        return created.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void brokersControllerAndClusterIdComeFromZooKeeper() throws Exception {
        assertThat(meta1.brokers()).containsExactly(new BrokerNode(1, "localhost", 9091, null),
                new BrokerNode(2, "localhost", 9092, null));
        assertThat(meta2.registration(1).orElseThrow().endpoint("REPLICATION").port()).isEqualTo(9191);
        assertThat(meta1.isLive(2)).isTrue();
        assertThat(meta1.isLive(3)).isFalse();
        assertThat(meta1.clusterId()).isEqualTo(ZkClusterId.read(zk).orElseThrow()).hasSize(22);
        assertThat(meta1.controllerId()).isEqualTo(-1);
        zk.create().withMode(CreateMode.EPHEMERAL).forPath(ZkPaths.CONTROLLER, ZkData.encodeController(2, 0));
        await().atMost(WAIT).until(() -> meta1.controllerId() == 2 && meta2.controllerId() == 2);
    }

    @Test
    void createTopicWritesKafkaZnodesAndBothViewsFollowTheStates() throws Exception {
        TopicMetadata t = createAndElect("orders", 2, 2, Map.of("min.insync.replicas", "2"));

        JsonNode assignment = new ObjectMapper().readTree(zk.getData().forPath("/brokers/topics/orders"));
        assertThat(assignment.get("version").asInt()).isEqualTo(3);
        assertThat(assignment.get("topic_id").asText()).isEqualTo(t.id().toString());
        assertThat(assignment.get("adding_replicas").size()).isZero();
        assertThat(assignment.get("removing_replicas").size()).isZero();
        for (String p : List.of("0", "1")) {
            JsonNode replicas = assignment.get("partitions").get(p);
            assertThat(List.of(replicas.get(0).asInt(), replicas.get(1).asInt())).containsExactlyInAnyOrder(1, 2);
        }
        assertThat(new String(zk.getData().forPath("/config/topics/orders")))
                .isEqualTo("{\"version\":1,\"config\":{\"min.insync.replicas\":\"2\"}}");

        assertThat(t.partitions()).allSatisfy(p -> {
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.leaderEpoch()).isZero();
            assertThat(p.isr()).isEqualTo(p.replicas());
            assertThat(p.partitionEpoch()).isZero();
        });
        assertThat(t.configs()).containsEntry("min.insync.replicas", "2");
        await().atMost(WAIT).until(() -> meta2.topic("orders").equals(Optional.of(t)));
        assertThat(meta2.topic(t.id())).contains(t);
        assertThat(events2.created).extracting(TopicMetadata::name).containsExactly("orders");

        PartitionState p0 = t.partitions().get(0);
        zk.setData().forPath(ZkPaths.partitionState("orders", 0),
                new ZkData.LeaderAndIsr(p0.leader(), 0, List.of(p0.leader()), 1).encode());
        for (ZkClusterMetadata m : List.of(meta1, meta2)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(m.topic("orders").orElseThrow().partitions().get(0))
                    .isEqualTo(new PartitionState(0, p0.leader(), 0, p0.replicas(), List.of(p0.leader()), 1)));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(events2.changed).anySatisfy(
                c -> assertThat(c).containsExactly(meta2.topic("orders").orElseThrow().partitions().get(0))));
        assertThat(events2.errors).isEmpty();
    }

    @Test
    void alterIsrCommitsOnTheKnownVersionAndRefusesAStaleOne() throws Exception {
        TopicMetadata t = createAndElect("isr", 1, 2, Map.of());
        PartitionState known = t.partitions().get(0);
        PartitionState shrunk = meta1.alterIsr("isr", known.withIsr(List.of(known.leader())))
                .get(10, TimeUnit.SECONDS);
        assertThat(shrunk.partitionEpoch()).isEqualTo(1);
        assertThat(shrunk.isr()).containsExactly(known.leader());
        ZkData.LeaderAndIsr written = ZkData.LeaderAndIsr.decode(zk.getData().forPath(ZkPaths.partitionState("isr", 0)));
        assertThat(written).isEqualTo(new ZkData.LeaderAndIsr(known.leader(), 0, List.of(known.leader()), 1));
        await().atMost(WAIT).until(() -> meta2.topic("isr").orElseThrow().partitions().get(0).equals(shrunk));

        assertThatThrownBy(() -> meta1.alterIsr("isr", known.withIsr(known.replicas())).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidUpdateVersionException.class);
        assertThatThrownBy(() -> meta1.alterIsr("nope", known).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void createTopicIsValidatedLikeTheSingleNodeBroker() throws Exception {
        createAndElect("dup", 1, 1, Map.of());
        await().atMost(WAIT).until(() -> meta2.topic("dup").isPresent());
        assertThatThrownBy(() -> meta2.createTopic("dup", 1, 1, Map.of(), false))
                .isInstanceOf(TopicExistsException.class).hasMessage("Topic 'dup' already exists.");
        assertThatThrownBy(() -> meta1.createTopic("big", 1, 3, Map.of(), false))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Replication factor: 3 larger than available brokers: 2.");
        assertThatThrownBy(() -> meta1.createTopic("bad", 1, 1, Map.of("cleanup.policy", "shred"), false))
                .isInstanceOf(InvalidConfigurationException.class);
        TopicMetadata planned = meta1.createTopic("defaults", -1, -1, Map.of(), true);
        assertThat(planned.partitions()).hasSize(3);
        assertThat(planned.replicationFactor()).isEqualTo(2);
        assertThat(zk.checkExists().forPath(ZkPaths.topic("defaults"))).isNull();
        assertThatThrownBy(() -> meta1.createTopic("manual", Map.of(0, List.of(1, 7)), Map.of(), false))
                .isInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("[7]");
        assertThatThrownBy(() -> meta1.createTopic("manual", Map.of(0, List.of(1), 1, List.of(1, 2)), Map.of(),
                false)).isInstanceOf(InvalidReplicaAssignmentException.class);
        CompletableFuture<TopicMetadata> manual = CompletableFuture.supplyAsync(
                () -> meta1.createTopic("manual", Map.of(0, List.of(2, 1), 1, List.of(1, 2)), Map.of(), false));
        electLeaders("manual", 2);
        assertThat(manual.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).partitions())
                .extracting(PartitionState::replicas).containsExactly(List.of(2, 1), List.of(1, 2));
    }

    @Test
    void configChangesAndNewPartitionsReachTheOtherBroker() throws Exception {
        createAndElect("grow", 2, 2, Map.of());
        meta1.alterTopicConfigs("grow", Map.of("retention.ms", "1000"), false);
        await().atMost(WAIT).until(() -> meta2.topic("grow").orElseThrow().configs().equals(
                Map.of("retention.ms", "1000")));
        assertThat(events2.configChanged).extracting(TopicMetadata::name).contains("grow");

        CompletableFuture<TopicMetadata> grown = CompletableFuture.supplyAsync(
                () -> meta1.createPartitions("grow", 4, false));
        electLeaders("grow", 4);
        TopicMetadata t = grown.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t.partitions()).hasSize(4).allSatisfy(p -> assertThat(p.leader()).isNotNegative());
        await().atMost(WAIT).until(() -> meta2.topic("grow").orElseThrow().partitions().size() == 4);
        assertThat(events2.added).contains("grow:2");
        assertThatThrownBy(() -> meta1.createPartitions("grow", 3, false)).hasMessageContaining("has 4 partitions");
    }

    @Test
    void deletedTopicsAreHiddenOnceMarkedAndGoneOnceTheControllerDeletesThem() throws Exception {
        TopicMetadata t = createAndElect("doomed", 1, 2, Map.of());
        await().atMost(WAIT).until(() -> meta2.topic("doomed").equals(Optional.of(t)));
        events2.changed.clear();
        CompletableFuture<TopicMetadata> deleted = CompletableFuture.supplyAsync(() -> meta1.deleteTopic("doomed"));
        await().atMost(WAIT).until(() -> zk.checkExists().forPath(ZkPaths.deleteTopic("doomed")) != null);
        await().atMost(WAIT).until(() -> meta2.topics().isEmpty() && meta2.topic("doomed").isEmpty()
                && meta2.topic(t.id()).isEmpty());
        assertThat(deleted).isNotDone();

        zk.delete().deletingChildrenIfNeeded().forPath(ZkPaths.topic("doomed"));
        zk.delete().forPath(ZkPaths.topicConfig("doomed"));
        zk.delete().forPath(ZkPaths.deleteTopic("doomed"));
        assertThat(deleted.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).id()).isEqualTo(t.id());
        await().atMost(WAIT).until(() -> events2.deleted.contains("doomed"));
        assertThat(events2.changed).isEmpty();
        assertThatThrownBy(() -> meta1.deleteTopic("doomed")).isInstanceOf(UnknownTopicOrPartitionException.class)
                .hasMessage("Topic 'doomed' does not exist.");
    }

    @Test
    void aBrokerThatLeavesIsNoLongerLiveOrAssigned() throws Exception {
        registry2.close();
        await().atMost(WAIT).until(() -> !meta1.isLive(2) && !meta2.isLive(2));
        assertThat(meta1.brokers()).extracting(BrokerNode::id).containsExactly(1);
        assertThatThrownBy(() -> meta1.createTopic("two", 1, 2, Map.of(), true))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessage("Replication factor: 2 larger than available brokers: 1.");
    }

    @Test
    void aViewCatchesUpAfterItsSessionExpires() throws Exception {
        long old = session2.sessionId();
        session2.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await().atMost(WAIT).until(() -> session2.sessionId() != old && session2.sessionId() != 0);
        TopicMetadata t = createAndElect("after-expiry", 2, 2, Map.of());
        await().atMost(WAIT).until(() -> meta2.topic("after-expiry").equals(Optional.of(t)));
        await().atMost(WAIT).until(() -> meta1.isLive(2) && meta2.isLive(2));
    }

    @Test
    void aViewStartedLaterLoadsEverythingBeforeStartReturns() throws Exception {
        TopicMetadata t = createAndElect("early", 3, 2, Map.of("retention.ms", "5000"));
        ZkSession s3 = open(ZkTesting.session(server.getConnectString() + "/ferry"));
        s3.client().create().forPath(ZkPaths.TOPICS + "/garbage", "not json".getBytes());
        Recorder before = new Recorder();
        ZkClusterMetadata meta3 = new ZkClusterMetadata(s3.client(), ZkTesting.config(3));
        meta3.addListener(before);
        open(meta3.start());
        assertThat(meta3.topic("early")).contains(t);
        assertThat(meta3.topics()).extracting(TopicMetadata::name).containsExactly("early");
        assertThat(meta3.brokers()).hasSize(2);
        assertThat(before.created).extracting(TopicMetadata::name).containsExactly("early");
    }

    /** Records events, checking that the view already shows what each event reports. */
    private static final class Recorder implements MetadataListener {
        volatile ZkClusterMetadata view;
        final List<TopicMetadata> created = new CopyOnWriteArrayList<>();
        final List<String> added = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        final List<TopicMetadata> configChanged = new CopyOnWriteArrayList<>();
        final List<List<PartitionState>> changed = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        private void check(TopicMetadata t) {
            if (view != null && !view.topic(t.name()).equals(Optional.of(t))) {
                errors.add("view behind event for " + t);
            }
        }

        @Override
        public void topicCreated(TopicMetadata topic) {
            check(topic);
            created.add(topic);
        }

        @Override
        public void partitionsAdded(TopicMetadata topic, int previousCount) {
            check(topic);
            added.add(topic.name() + ":" + previousCount);
        }

        @Override
        public void topicDeleted(TopicMetadata topic) {
            if (view != null && view.topic(topic.name()).isPresent()) {
                errors.add("deleted topic still visible: " + topic);
            }
            deleted.add(topic.name());
        }

        @Override
        public void configChanged(TopicMetadata topic) {
            check(topic);
            configChanged.add(topic);
        }

        @Override
        public void partitionsChanged(TopicMetadata topic, List<PartitionState> states) {
            check(topic);
            changed.add(states);
        }
    }
}
