package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IncrementalAlterConfigs of a topic's min.insync.replicas reaches every broker: with broker 3 stopped (ISR of 2)
 * the partitions are led by brokers 1 and 2, and once the minimum is raised to 3 each leader refuses acks=all
 * produce with NOT_ENOUGH_REPLICAS; lowered back, each accepts again.
 */
class MinIsrConfigTest {

    private static final String TOPIC = "minisr";

    @TempDir
    Path root;

    private TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void raisedMinIsrRefusesAcksAllOnEveryLeader() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            await().atMost(TestCluster.timeout()).until(() -> isrSizes(3));
            cluster.stopBroker(3);
            await().atMost(TestCluster.timeout()).until(() -> isrSizes(2));
            Set<Integer> leaders = new TreeSet<>();
            for (int p = 0; p < 3; p++) {
                leaders.add(cluster.state(new TopicPartition(TOPIC, p)).leader());
            }
            assertThat(leaders).containsExactly(1, 2);

            try (KafkaProducer<String, String> producer = producer()) {
                for (int p = 0; p < 3; p++) {
                    producer.send(new ProducerRecord<>(TOPIC, p, "k", "before")).get();
                }
                setMinIsr(admin, "3");
                for (int p = 0; p < 3; p++) {
                    int partition = p;
                    await().atMost(TestCluster.timeout()).untilAsserted(() ->
                            assertThatThrownBy(() -> producer.send(
                                    new ProducerRecord<>(TOPIC, partition, "k", "refused")).get())
                                    .isInstanceOf(ExecutionException.class)
                                    .hasCauseInstanceOf(NotEnoughReplicasException.class));
                }
                setMinIsr(admin, "2");
                for (int p = 0; p < 3; p++) {
                    int partition = p;
                    await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> producer.send(
                            new ProducerRecord<>(TOPIC, partition, "k", "after")).get().offset() >= 1);
                }
            }
        }
    }

    private static void setMinIsr(Admin admin, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
                List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", value), AlterConfigOp.OpType.SET))))
                .all().get();
    }

    /** acks=all without retries, so a refusal surfaces as its own error. */
    private KafkaProducer<String, String> producer() {
        return cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    private boolean isrSizes(int size) {
        for (int p = 0; p < 3; p++) {
            if (cluster.state(new TopicPartition(TOPIC, p)).isr().size() != size) {
                return false;
            }
        }
        return true;
    }
}
