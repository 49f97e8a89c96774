package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ZkBrokerRegistryTest {

    private TestingServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        server.close();
    }

    private ZkSession session(String connect) {
        ZkSession s = ZkTesting.session(connect);
        closeables.add(s);
        return s;
    }

    @Test
    void registersUnderTheChrootWithKafkasJsonAndCzxidAsEpoch() throws Exception {
        ZkSession raw = session(server.getConnectString());
        ZkSession s = session(server.getConnectString() + "/ferry");
        BrokerRegistry registry = ZkTesting.register(s, 1, "rack-a");
        closeables.add(registry);

        Stat stat = new Stat();
        byte[] data = raw.client().getData().storingStatIn(stat).forPath("/ferry/brokers/ids/1");
        assertThat(registry.brokerEpoch()).isEqualTo(stat.getCzxid());
        assertThat(stat.getEphemeralOwner()).isEqualTo(s.sessionId());
        JsonNode json = new ObjectMapper().readTree(data);
        assertThat(json.get("version").asInt()).isEqualTo(5);
        assertThat(json.get("host").asText()).isEqualTo("localhost");
        assertThat(json.get("port").asInt()).isEqualTo(9091);
        assertThat(json.get("rack").asText()).isEqualTo("rack-a");
        assertThat(json.get("endpoints").toString())
                .isEqualTo("[\"PLAINTEXT://localhost:9091\",\"REPLICATION://localhost:9191\"]");
        assertThat(json.get("listener_security_protocol_map").get("REPLICATION").asText()).isEqualTo("PLAINTEXT");
        assertThat(raw.client().checkExists().forPath("/ferry/cluster")).isNull();
    }

    @Test
    void aSecondBrokerWithTheSameIdIsRefused() {
        ZkSession first = session(server.getConnectString());
        closeables.add(ZkTesting.register(first, 2, null));
        ZkSession second = session(server.getConnectString());
        assertThatThrownBy(() -> ZkTesting.register(second, 2, null, "other-host"))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("Broker id 2 is already registered in ZooKeeper at " + server.getConnectString()
                        + " by another broker (session 0x" + Long.toHexString(first.sessionId()) + ")")
                .hasMessageContaining("each broker needs a unique broker.id");
        ZkTesting.register(first, 2, null).close();
    }

    @Test
    void aRestartedBrokerWaitsForItsPreviousProcessSessionToEnd() throws Exception {
        ZkSession previous = session(server.getConnectString());
        ZkTesting.register(previous, 4, null);
        ZkSession restarted = session(server.getConnectString());
        java.util.concurrent.CompletableFuture<BrokerRegistry> registering =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> ZkTesting.register(restarted, 4, null));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !registering.isDone());
        previous.close();
        BrokerRegistry registry = registering.get(20, java.util.concurrent.TimeUnit.SECONDS);
        closeables.add(registry);
        assertThat(restarted.client().checkExists().forPath(ZkPaths.broker(4)).getEphemeralOwner())
                .isEqualTo(restarted.sessionId());
    }

    @Test
    void registersAgainWithANewEpochAfterTheSessionExpires() throws Exception {
        ZkSession s = session(server.getConnectString());
        BrokerRegistry registry = ZkTesting.register(s, 3, null);
        closeables.add(registry);
        long epoch = registry.brokerEpoch();
        long oldSession = s.sessionId();

        s.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(s.sessionId()).isNotEqualTo(oldSession);
            Stat stat = s.client().checkExists().forPath(ZkPaths.broker(3));
            assertThat(stat).isNotNull();
            assertThat(stat.getEphemeralOwner()).isEqualTo(s.sessionId());
            assertThat(registry.brokerEpoch()).isEqualTo(stat.getCzxid()).isNotEqualTo(epoch);
        });
    }

    @Test
    void closeRemovesTheRegistration() throws Exception {
        ZkSession s = session(server.getConnectString());
        BrokerRegistry registry = ZkTesting.register(s, 4, null);
        assertThat(s.client().checkExists().forPath(ZkPaths.broker(4))).isNotNull();
        registry.close();
        assertThat(s.client().checkExists().forPath(ZkPaths.broker(4))).isNull();
        assertThat(s.client().checkExists().forPath(ZkPaths.BROKER_IDS)).isNotNull();
    }

    @Test
    void advertisedListenersBecomeEndpointsWithTheirBoundPorts() {
        io.ferry.broker.config.BrokerConfig config = new io.ferry.broker.config.BrokerConfig(java.util.Map.of(
                "listeners", "PLAINTEXT://:0,REPLICATION://:0", "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT", "advertised.listeners",
                "PLAINTEXT://broker1:0,REPLICATION://broker1-internal:9999"));
        assertThat(BrokerRegistry.advertisedEndpoints(config, java.util.Map.of("PLAINTEXT", 4242, "REPLICATION", 1)))
                .containsExactly(new ZkData.Endpoint("PLAINTEXT", "broker1", 4242, "PLAINTEXT"),
                        new ZkData.Endpoint("REPLICATION", "broker1-internal", 9999, "PLAINTEXT"));
    }

    @Test
    void aChrootBecomesCuratorsNamespace() {
        assertThat(ZkSession.namespace("/ferry")).isEqualTo("ferry");
        assertThat(ZkSession.namespace("/a/b/")).isEqualTo("a/b");
        assertThat(ZkSession.namespace("/")).isNull();
    }

    @Test
    void unreachableZooKeeperFailsNamingTheSetting() {
        ZkSession s = new ZkSession("127.0.0.1:1/ferry", 10_000, 1_000);
        assertThatThrownBy(s::start).isInstanceOf(KafkaException.class)
                .hasMessageContaining("zookeeper.connect=127.0.0.1:1/ferry")
                .hasMessageContaining("zookeeper.connection.timeout.ms=1000");
    }

    @Test
    void theFirstBrokerCreatesTheClusterIdAndOthersMustAgree() throws Exception {
        ZkSession s = session(server.getConnectString() + "/ferry");
        String id = ZkClusterId.ensureClusterId(s.client(), Optional.empty());
        assertThat(id).hasSize(22);
        assertThat(ZkClusterId.ensureClusterId(session(server.getConnectString() + "/ferry").client(),
                Optional.empty())).isEqualTo(id);
        assertThat(ZkClusterId.ensureClusterId(s.client(), Optional.of(id))).isEqualTo(id);
        assertThat(new String(s.client().getData().forPath(ZkPaths.CLUSTER_ID)))
                .isEqualTo("{\"version\":\"1\",\"id\":\"" + id + "\"}");
        assertThatThrownBy(() -> ZkClusterId.ensureClusterId(s.client(), Optional.of("AAAAAAAAAAAAAAAAAAAAAA")))
                .isInstanceOf(InconsistentClusterIdException.class).hasMessageContaining(id)
                .hasMessageContaining("AAAAAAAAAAAAAAAAAAAAAA");
        ZkSession other = session(server.getConnectString() + "/other");
        assertThat(ZkClusterId.ensureClusterId(other.client(), Optional.of("BBBBBBBBBBBBBBBBBBBBBB")))
                .isEqualTo("BBBBBBBBBBBBBBBBBBBBBB");
    }
}
