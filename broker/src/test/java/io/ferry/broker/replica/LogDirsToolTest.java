package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ferry.broker.it.JavaProcess;

/**
 * Apache Kafka's own kafka-log-dirs (LogDirsCommand, in its own JVM) against three brokers: every broker reports its
 * log directory with every replica of the topic it hosts, each with the size its log has on that broker.
 */
class LogDirsToolTest {

    private static final String TOPIC = "dirs";

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
    void kafkaLogDirsListsEveryReplicaWithItsSize() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
        }
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 3, "k" + i, "value-" + i)).get();
            }
        }
        // Every replica has every record before the sizes are compared.
        await().atMost(TestCluster.timeout()).until(this::logEndsEqual);

        JavaProcess.Result r = JavaProcess.run(null, "org.apache.kafka.tools.LogDirsCommand",
                "--bootstrap-server", cluster.bootstrap(), "--describe", "--topic-list", TOPIC);
        assertThat(r.exitCode()).as(r.output()).isZero();
        String json = r.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON in: " + r.output()));
        JsonNode brokers = new ObjectMapper().readTree(json).get("brokers");
        assertThat(brokers).hasSize(3);
        for (JsonNode b : brokers) {
            int id = b.get("broker").asInt();
            JsonNode dirs = b.get("logDirs");
            assertThat(dirs).as(json).hasSize(1);
            JsonNode dir = dirs.get(0);
            assertThat(dir.get("error").isNull()).as(json).isTrue();
            assertThat(Path.of(dir.get("logDir").asText()))
                    .isEqualTo(root.resolve("broker-" + id).toAbsolutePath().normalize());
            Map<String, Long> sizes = new HashMap<>();
            for (JsonNode p : dir.get("partitions")) {
                sizes.put(p.get("partition").asText(), p.get("size").asLong());
                assertThat(p.get("isFuture").asBoolean()).isFalse();
                assertThat(p.get("offsetLag").asLong()).isZero();
            }
            assertThat(sizes).as(json).containsOnlyKeys(TOPIC + "-0", TOPIC + "-1", TOPIC + "-2");
            for (int p = 0; p < 3; p++) {
                long onDisk = cluster.replica(id, new TopicPartition(TOPIC, p)).log().sizeInBytes();
                assertThat(sizes.get(TOPIC + "-" + p)).isPositive().isEqualTo(onDisk);
            }
        }
    }

    private boolean logEndsEqual() {
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            for (int id = 1; id <= 3; id++) {
                var replica = cluster.replica(id, tp);
                if (replica == null || replica.log().logEndOffset() != 10) {
                    return false;
                }
            }
        }
        return true;
    }
}
