package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.replica.TestCluster;

/**
 * Brokers that reach ZooKeeper only over TLS ({@code zookeeper.ssl.*}, Kafka's keys): ZooKeeper listens on its
 * {@code secureClientPort} alone, and three brokers form a cluster that replicates a topic through it. A broker whose
 * trust store is missing does not start, and says which keys to check.
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
}
