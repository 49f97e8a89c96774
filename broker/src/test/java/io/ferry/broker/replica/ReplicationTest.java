package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.partition.Partition;

/** Three brokers on one ZooKeeper replicating with real kafka-clients producers, consumers and Admin. */
class ReplicationTest {

    @TempDir
    Path root;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void replicasFollowTheirLeadersAndLeadersSpreadOverTheBrokers() throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("spread", 3, (short) 3))).all().get();
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                TopicDescription d = admin.describeTopics(List.of("spread")).allTopicNames().get().get("spread");
                for (TopicPartitionInfo p : d.partitions()) {
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.replicas()).hasSize(3);
                    assertThat(p.isr()).hasSize(3);
                }
                assertThat(d.partitions().stream().map(p -> p.leader().id()).toList())
                        .containsExactlyInAnyOrder(1, 2, 3);
            });
        }
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("spread", i % 3, "k" + i, "v" + i));
            }
            producer.flush();
        }
        for (int p = 0; p < 3; p++) {
            TopicPartition tp = new TopicPartition("spread", p);
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                for (int id : cluster.running()) {
                    Partition replica = cluster.replica(id, tp);
                    assertThat(replica.log().logEndOffset()).as("log end of %s on broker %d", tp, id).isEqualTo(100);
                    assertThat(replica.log().highWatermark()).as("high watermark of %s on broker %d", tp, id)
                            .isEqualTo(100);
                }
            });
        }
    }

    @Test
    void acknowledgedRecordsSurviveTheLeadersStopAndAreReadOnce() throws Exception {
        createTopic("failover", 1, Map.of("min.insync.replicas", "2"));
        TopicPartition tp = new TopicPartition("failover", 0);
        Set<String> acked = new HashSet<>();
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
            acked.addAll(sendAll(producer, "failover", 0, 500));
            PartitionState before = cluster.state(tp);
            cluster.stopBroker(before.leader());
            await().atMost(TestCluster.timeout()).until(() -> {
                PartitionState s = cluster.state(tp);
                return s.leader() >= 0 && s.leader() != before.leader();
            });
            assertThat(cluster.state(tp).leaderEpoch()).isGreaterThan(before.leaderEpoch());
            acked.addAll(sendAll(producer, "failover", 500, 1000));
        }
        assertThat(acked).hasSize(1000);
        List<String> read = readAll("failover", 1000);
        assertThat(read).doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).isEqualTo(acked);
    }

    @Test
    void acksAllIsRefusedWhenTheIsrIsSmallerThanMinInsyncReplicas() throws Exception {
        createTopic("guarded", 1, Map.of("min.insync.replicas", "2"));
        TopicPartition tp = new TopicPartition("guarded", 0);
        PartitionState s = cluster.state(tp);
        for (int r : s.replicas()) {
            if (r != s.leader()) {
                cluster.stopBroker(r);
            }
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 1);
        Map<String, Object> noRetries = new HashMap<>(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.RETRIES_CONFIG, "0", ProducerConfig.ACKS_CONFIG, "all"));
        try (KafkaProducer<String, String> producer = cluster.producer(noRetries)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("guarded", "k", "lost?")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
        noRetries.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = cluster.producer(noRetries)) {
            assertThat(producer.send(new ProducerRecord<>("guarded", "k", "leader only")).get().offset()).isZero();
        }
    }

    @Test
    void aConsumerGroupKeepsItsOffsetsWhenItsCoordinatorStops() throws Exception {
        createTopic("grouped", 3, Map.of());
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int p = 0; p < 3; p++) {
                sendAll(producer, "grouped", p * 100, p * 100 + 100);
            }
        }
        Map<String, Object> group = Map.of(ConsumerConfig.GROUP_ID_CONFIG, "g1",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = cluster.consumer(group)) {
            consumer.subscribe(List.of("grouped"));
            int seen = 0;
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (seen < 300 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).isEqualTo(300);
            consumer.commitSync();
        }
        int coordinator;
        try (Admin admin = cluster.admin()) {
            coordinator = admin.describeConsumerGroups(List.of("g1")).all().get().get("g1").coordinator().id();
        }
        cluster.stopBroker(coordinator);
        try (KafkaConsumer<String, String> consumer = cluster.consumer(group)) {
            consumer.subscribe(List.of("grouped"));
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200));
                assertThat(consumer.assignment()).hasSize(3);
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            for (TopicPartition tp : consumer.assignment()) {
                assertThat(consumer.position(tp)).as("position of %s after the coordinator moved", tp)
                        .isEqualTo(ends.get(tp));
            }
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        }
    }

    private void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3).configs(configs))).all().get();
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                for (TopicPartitionInfo p : admin.describeTopics(List.of(name)).allTopicNames().get().get(name)
                        .partitions()) {
                    assertThat(p.leader()).isNotNull();
                    assertThat(p.isr()).hasSize(3);
                }
            });
        }
    }

    private static List<String> sendAll(KafkaProducer<String, String> producer, String topic, int from, int to)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("v" + i);
            sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
        return values;
    }

    private List<String> readAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // Anything beyond what was expected would be a duplicate: give it a moment to show up.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                values.add(r.value());
            }
        }
        return values;
    }
}
