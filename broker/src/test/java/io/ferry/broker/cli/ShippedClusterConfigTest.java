package io.ferry.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.zk.BrokerZooKeeperPeer;
import io.ferry.broker.zk.ZooKeeperProperties;

/**
 * config/zookeeper.properties, config/server-N.properties and config/ensemble/server-N.properties, as shipped, parse
 * into what they promise.
 */
class ShippedClusterConfigTest {

    private static Path configDir() {
        Path module = Path.of("").toAbsolutePath();
        return Files.isDirectory(module.resolve("config")) && Files.exists(module.resolve("bin/ferry"))
                ? module.resolve("config") : module.getParent().resolve("config");
    }

    @Test
    void zookeeperPropertiesIsAStandaloneServerOn2181WithARelativeDataDir() {
        QuorumPeerConfig config = ZooKeeperProperties.load(configDir().resolve("zookeeper.properties"), List.of());
        assertThat(config.isDistributed()).isFalse();
        assertThat(config.getClientPortAddress().getPort()).isEqualTo(2181);
        assertThat(config.getDataDir().toPath()).isEqualTo(Path.of("data/zookeeper").toAbsolutePath());
        assertThat(config.getTickTime()).isEqualTo(2000);
        assertThat(config.getMaxClientCnxns()).isZero();
    }

    @Test
    void theCommentedEnsembleExampleIsAQuorumOfThree(@TempDir Path dir) throws Exception {
        String ensemble = Files.readString(configDir().resolve("zookeeper.properties"))
                .replaceAll("(?m)^#((initLimit|syncLimit|server\\.\\d)=)", "$1");
        Path file = dir.resolve("zookeeper.properties");
        Files.writeString(file, ensemble);
        Files.writeString(dir.resolve("myid"), "2\n");

        QuorumPeerConfig config = ZooKeeperProperties.load(file, List.of("dataDir=" + dir));

        assertThat(config.isDistributed()).isTrue();
        assertThat(config.getServerId()).isEqualTo(2);
        assertThat(config.getServers()).containsOnlyKeys(1L, 2L, 3L);
        assertThat(config.getInitLimit()).isEqualTo(10);
        assertThat(config.getSyncLimit()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void serverNPropertiesIsBrokerNOfAThreeBrokerCluster(int n) throws Exception {
        BrokerConfig config = BrokerConfig.load(configDir().resolve("server-" + n + ".properties"), List.of());
        String listener = "PLAINTEXT://localhost:" + (9091 + n);
        assertThat(config.nodeId()).isEqualTo(n);
        assertThat(config.listeners()).containsExactly(listener);
        assertThat(config.advertisedListeners()).containsExactly(listener);
        assertThat(config.zookeeperConnect()).contains("localhost:2181");
        assertThat(config.logDirs()).hasSize(1);
        assertThat(config.logDirs().get(0).endsWith("data/broker-" + n)).isTrue();
        assertThat(config.explicitValues()).containsEntry("num.partitions", "3")
                .containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
        assertThat(config.unknownKeys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void ensembleServerNPropertiesIsBrokerNAndZooKeeperMemberNOfAThreeProcessCluster(int n, @TempDir Path dir)
            throws Exception {
        BrokerConfig config = BrokerConfig.load(configDir().resolve("ensemble/server-" + n + ".properties"),
                List.of("zookeeper.embedded.dataDir=" + dir));
        assertThat(config.nodeId()).isEqualTo(n);
        assertThat(config.listeners()).containsExactly("PLAINTEXT://localhost:" + (9091 + n));
        assertThat(config.zookeeperConnect()).contains("localhost:2181,localhost:2182,localhost:2183");
        assertThat(config.unknownKeys()).isEmpty();

        QuorumPeerConfig zk = BrokerZooKeeperPeer.parse(config.embeddedZooKeeper(), config.nodeId());
        assertThat(zk.isDistributed()).isTrue();
        assertThat(zk.getServerId()).isEqualTo(n);
        assertThat(zk.getServers()).containsOnlyKeys(1L, 2L, 3L);
        assertThat(zk.getClientPortAddress().getPort()).isEqualTo(2180 + n);
        assertThat(Files.readString(dir.resolve("myid"))).isEqualTo(Integer.toString(n));
    }
}
