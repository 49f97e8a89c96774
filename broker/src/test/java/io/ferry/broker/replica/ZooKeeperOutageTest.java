package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While ZooKeeper is down, leaders keep serving what they lead (acks=all included, as long as the ISR holds); when it
 * returns, the cluster carries on: the brokers are still registered and topics can be created.
 */
class ZooKeeperOutageTest {

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
    void leadersKeepServingWhileZooKeeperIsDownAndTheClusterCarriesOnAfterwards() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("outage", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> fullIsr("outage"));
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            send(producer, 0, 100);
            cluster.stopZooKeeper();
            try {
                send(producer, 100, 200);
                assertThat(count("outage")).isEqualTo(200);
            } finally {
                cluster.restartZooKeeper();
            }
        }
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("after-outage", 1, (short) 3))).all().get();
            await().atMost(TestCluster.timeout()).until(() -> fullIsr("after-outage"));
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
        }
    }

    private boolean fullIsr(String topic) {
        try {
            int partitions = cluster.broker(1).metadata().topic(topic).orElseThrow().partitions().size();
            for (int p = 0; p < partitions; p++) {
                var s = cluster.state(new TopicPartition(topic, p));
                if (s.leader() < 0 || s.isr().size() != 3) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            sent.add(producer.send(new ProducerRecord<>("outage", "k" + i, "v" + i)));
        }
        for (var f : sent) {
            f.get();
        }
    }

    private long count(String topic) {
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long n = 0;
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (n < 200 && System.nanoTime() < deadline) {
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }
}
