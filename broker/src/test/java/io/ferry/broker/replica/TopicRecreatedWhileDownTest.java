package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.partition.Partition;

/**
 * A topic deleted while broker 3 is down and created again under the same name with other data: when broker 3
 * returns its logs of the deleted topic are gone; when it returns with such a log for a partition the new topic has
 * on it, partition.metadata (the topic id) has the log replaced and rebuilt from the leader, every replica holds only
 * the new records, and a consumer reads only those once broker 3 leads.
 */
class TopicRecreatedWhileDownTest {

    private static final String TOPIC = "recycled";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

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
    void returningBrokerDropsTheDeletedTopicsLogs() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        Path broker3 = root.resolve("broker-3");
        Path backup = root.resolve("backup-" + TOPIC + "-0");
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3))).all().get();
            produce("old", 10);
            await().atMost(TestCluster.timeout()).until(() -> logEnd(3, P0) == 5
                    && logEnd(3, new TopicPartition(TOPIC, 1)) == 5);
            cluster.stopBroker(3);
            copyTree(broker3.resolve(TOPIC + "-0"), backup);

            // Deleted while broker 3 is down; a new topic of that name cannot name broker 3 until it is back
            // (CreateTopics refuses unregistered brokers), so it is created with the others.
            admin.deleteTopics(List.of(TOPIC)).all().get();
            await().atMost(TestCluster.timeout()).ignoreExceptions()
                    .until(() -> !admin.listTopics().names().get().contains(TOPIC));
            createAgain(admin, Map.of(0, List.of(1, 2)));
            produce("new", 3);
            cluster.startBroker(3);
            assertThat(broker3.resolve(TOPIC + "-0")).doesNotExist();
            assertThat(broker3.resolve(TOPIC + "-1")).doesNotExist();

            // Broker 3 comes back once more with the deleted topic's files (a restored backup, a deletion that never
            // reached it) while a topic of that name now has a replica on it: partition.metadata tells them apart.
            admin.deleteTopics(List.of(TOPIC)).all().get();
            await().atMost(TestCluster.timeout()).ignoreExceptions()
                    .until(() -> !admin.listTopics().names().get().contains(TOPIC));
            createAgain(admin, Map.of(0, List.of(3, 1, 2)));
            Uuid newId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId();
            produce("new", 3);
            await().atMost(TestCluster.timeout()).until(() -> logEnd(3, P0) == 3);
            cluster.stopBroker(3);
            deleteTree(broker3.resolve(TOPIC + "-0"));
            copyTree(backup, broker3.resolve(TOPIC + "-0"));
            cluster.startBroker(3);

            await().atMost(TestCluster.timeout()).until(() -> logEnd(3, P0) == 3
                    && cluster.state(P0).isr().size() == 3);
            assertThat(Files.readString(broker3.resolve(TOPIC + "-0").resolve("partition.metadata")))
                    .contains("topic_id: " + newId);
            for (int id = 1; id <= 3; id++) {
                assertThat(values(cluster.replica(id, P0))).as("broker %d", id)
                        .containsExactly("new-0", "new-1", "new-2");
            }
            admin.electLeaders(ElectionType.PREFERRED, Set.of(P0)).all().get();
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(P0).leader() == 3);
            assertThat(consumeAll()).containsExactly("new-0", "new-1", "new-2");
        }
    }

    private static void createAgain(Admin admin, Map<Integer, List<Integer>> assignment) {
        await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> {
            admin.createTopics(List.of(new NewTopic(TOPIC, assignment))).all().get();
            return true;
        });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Sends {@code count} records named {@code prefix-i}, spread over the partitions by key. */
    private void produce(String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < count; i++) {
                int partition = prefix.equals("new") ? 0 : i % 2;
                producer.send(new ProducerRecord<>(TOPIC, partition, "k" + i, prefix + "-" + i)).get();
            }
        }
    }

    private long logEnd(int broker, TopicPartition tp) {
        Partition p = cluster.broker(broker) == null ? null : cluster.replica(broker, tp);
        return p == null ? -1 : p.log().logEndOffset();
    }

    /** The values in a replica's log, in offset order. */
    private static List<String> values(Partition replica) throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : replica.log().batchesFrom(replica.log().logStartOffset())) {
            for (Record r : batch) {
                out.add(Utils.utf8(r.value()));
            }
        }
        return out;
    }

    private List<String> consumeAll() {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(P0));
            consumer.seekToBeginning(List.of(P0));
            await().atMost(TestCluster.timeout()).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
                return consumer.position(P0) >= 3;
            });
        }
        return out;
    }
}
