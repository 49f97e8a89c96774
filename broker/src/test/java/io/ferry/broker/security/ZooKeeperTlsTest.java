package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.server.auth.ProviderRegistry;
import org.junit.jupiter.api.Test;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.replica.TestCluster;

/**
 * Brokers that reach ZooKeeper only over TLS ({@code zookeeper.ssl.*}, Kafka's keys): ZooKeeper listens on its
 * {@code secureClientPort} alone, and three brokers form a cluster that replicates a topic through it. A broker whose
 * trust store is missing does not start, and says which keys to check. A broker running its own ZooKeeper with TLS
 * reaches it too.
 */
class ZooKeeperTlsTest extends SecuredZooKeeperTest {

    @Test
    void threeBrokersReplicateThroughZooKeeperOverTls() throws Exception {
        zookeeper = SecuredZooKeeper.tls(root.resolve("zookeeper"), false);
        cluster = TestCluster.start(root, 3, TestCertificates.get().zookeeperClient(true), zookeeper.secureConnect());

        TopicPartition tp = new TopicPartition("over-tls", 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 3))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 3);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of("acks", "all"))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(tp.topic(), "k" + i, "v" + i)).get();
            }
        }
        await().atMost(TestCluster.timeout()).until(() -> List.of(1, 2, 3).stream()
                .allMatch(id -> cluster.replica(id, tp).log().logEndOffset() == 5));
    }

    @Test
    void aBrokerWithoutTheTrustStoreFailsToStartNamingTheKeys() throws Exception {
        zookeeper = SecuredZooKeeper.tls(root.resolve("zookeeper"), false);
        Map<String, String> props = new HashMap<>(TestCertificates.get().zookeeperClient(false));
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dirs", root.resolve("broker").toString());
        props.put("zookeeper.connect", zookeeper.secureConnect());
        props.put("zookeeper.connection.timeout.ms", "3000");
        BrokerServer broker = new BrokerServer(new BrokerConfig(props));
        try {
            assertThatThrownBy(broker::start).hasMessageContaining("zookeeper.connect=" + zookeeper.secureConnect())
                    .hasMessageContaining("zookeeper.ssl.truststore.location")
                    .hasMessageNotContaining(TestCertificates.PASSWORD);
        } finally {
            broker.close();
        }
    }

    /**
     * One broker running its own ZooKeeper ({@code zookeeper.embedded.*}) with TLS only, and reaching it with its
     * {@code zookeeper.ssl.*} keys. ZooKeeper's server turns its keys into system properties; the broker's client
     * must not need them (its own keys suffice), and they are restored afterwards.
     */
    @Test
    void aBrokerReachesTheZooKeeperItRunsOverTls() throws Exception {
        Properties saved = (Properties) System.getProperties().clone();
        // JVM-wide: an earlier server in this test JVM may have set the registry up without the x509 provider.
        ProviderRegistry.reset();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> props = new HashMap<>(TestCertificates.get().zookeeperClient(true));
        TestCertificates.get().zookeeperServer().forEach((k, v) -> props.put("zookeeper.embedded." + k, v));
        props.put("zookeeper.embedded.dataDir", root.resolve("zookeeper").toString());
        props.put("zookeeper.embedded.secureClientPort", Integer.toString(port));
        props.put("zookeeper.embedded.serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        props.put("zookeeper.connect", "localhost:" + port);
        props.put("listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("log.dirs", root.resolve("broker").toString());
        props.put("offsets.topic.num.partitions", "1");
        BrokerServer broker = new BrokerServer(new BrokerConfig(props));
        try {
            broker.start();
            String bootstrap = "127.0.0.1:" + broker.port();
            assertThat(Sasl.roundTrip(bootstrap, Map.of(), "embedded-tls", 3)).containsExactly("v0", "v1", "v2");
        } finally {
            broker.close();
            System.setProperties(saved);
        }
    }
}
