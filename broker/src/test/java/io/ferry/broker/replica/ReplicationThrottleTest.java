package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.JavaProcess;

/**
 * kafka-reassign-partitions with --throttle: the tool sets the brokers' replication rates (dynamic broker settings,
 * in ZooKeeper) and the moving partition's throttled replicas (topic settings); the new replica then catches up at
 * about the throttled rate instead of at once, and --verify removes every throttle when the move is done.
 */
class ReplicationThrottleTest {

    private static final String TOOL = "org.apache.kafka.tools.reassign.ReassignPartitionsCommand";
    private static final int RECORDS = 1500;
    private static final int RATE = 300_000;

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
    void aThrottledNewReplicaCatchesUpAtTheThrottledRateAndVerifyRemovesTheThrottles() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        TopicPartition tp = new TopicPartition("throttled", 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), Map.of(0, List.of(1, 2))))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 2);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            String value = "x".repeat(1000);
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(tp.topic(), 0, "k" + i, value));
            }
            producer.flush();
        }
        long size = cluster.replica(1, tp).log().logEndOffset();
        assertThat(size).isEqualTo(RECORDS);

        Path plan = root.resolve("plan.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"throttled\",\"partition\":0,"
                + "\"replicas\":[1,2,3]}]}");
        long started = System.nanoTime();
        JavaProcess.Result execute = JavaProcess.runTool(TOOL, cluster.bootstrap(), "--reassignment-json-file",
                plan.toString(), "--execute", "--throttle", Integer.toString(RATE));
        assertThat(execute.exitCode()).as(execute.output()).isZero();
        assertThat(execute.output()).contains("throttle limit was set to " + RATE);

        try (Admin admin = cluster.admin()) {
            for (String broker : List.of("1", "2", "3")) {
                Config c = brokerConfig(admin, broker);
                assertThat(c.get("leader.replication.throttled.rate").value()).isEqualTo(Integer.toString(RATE));
                assertThat(c.get("follower.replication.throttled.rate").source())
                        .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            }
            Config topic = topicConfig(admin);
            assertThat(topic.get("leader.replication.throttled.replicas").value()).contains("0:1", "0:2");
            assertThat(topic.get("follower.replication.throttled.replicas").value()).isEqualTo("0:3");

            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.state(tp).isr().contains(3));
            double seconds = (System.nanoTime() - started) / 1e9;
            // About 1.5 MB at 300 KB/s: the first fetch may take 1 MB at once, the rest has to wait for the rate to
            // drop. Unthrottled, the replica catches up in well under a second.
            assertThat(seconds).as("seconds until the throttled replica joined the ISR").isGreaterThan(2.5);

            await().atMost(TestCluster.timeout()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JavaProcess.Result verify = JavaProcess.runTool(TOOL, cluster.bootstrap(),
                        "--reassignment-json-file", plan.toString(), "--verify");
                assertThat(verify.exitCode()).as(verify.output()).isZero();
                assertThat(verify.output()).contains("Reassignment of partition throttled-0 is completed");
            });
            for (String broker : List.of("1", "2", "3")) {
                assertThat(brokerConfig(admin, broker).get("leader.replication.throttled.rate").source())
                        .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            }
            assertThat(topicConfig(admin).get("follower.replication.throttled.replicas").value()).isEmpty();
        }
        assertThat(cluster.replica(3, tp).log().logEndOffset()).isEqualTo(RECORDS);
    }

    private static Config brokerConfig(Admin admin, String broker) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }

    private static Config topicConfig(Admin admin) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "throttled");
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }
}
