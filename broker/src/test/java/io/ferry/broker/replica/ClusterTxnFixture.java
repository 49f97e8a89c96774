package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;

/** Topic set-up and read_committed reading shared by the cluster transaction tests. */
final class ClusterTxnFixture {

    private ClusterTxnFixture() {
    }

    /** Creates a topic with replication factor 3 and waits until its partitions lead on distinct brokers. */
    static void createSpreadTopic(TestCluster cluster, String name, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3))).all().get();
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                List<TopicPartitionInfo> parts = admin.describeTopics(List.of(name)).allTopicNames().get().get(name)
                        .partitions();
                for (TopicPartitionInfo p : parts) {
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.isr()).hasSize(3);
                }
                assertThat(parts.stream().map(p -> p.leader().id()).distinct().count())
                        .isEqualTo(Math.min(partitions, 3));
            });
        }
    }

    /** The broker leading the partition of an internal topic that {@code key} maps to. */
    static int coordinatorOf(TestCluster cluster, String internalTopic, String key) {
        int count = cluster.broker(cluster.running().get(0)).metadata().topic(internalTopic).orElseThrow()
                .partitions().size();
        return cluster.state(new TopicPartition(internalTopic, Utils.abs(key.hashCode()) % count)).leader();
    }

    /**
     * Reads a topic with read_committed until at least {@code atLeast} values arrived and every partition's position
     * reached its leader's log end (so no open transaction holds the consumer back); returns the values read.
     */
    static List<String> readCommittedToTheEnd(TestCluster cluster, String topic, int atLeast, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            await().atMost(timeout).pollInterval(Duration.ofMillis(1)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                assertThat(values).as("values read from %s", topic).hasSizeGreaterThanOrEqualTo(atLeast);
                for (TopicPartition tp : parts) {
                    long end = cluster.replica(cluster.state(tp).leader(), tp).log().logEndOffset();
                    assertThat(consumer.position(tp)).as("read_committed position of %s", tp).isEqualTo(end);
                }
            });
        }
        return values;
    }
}
