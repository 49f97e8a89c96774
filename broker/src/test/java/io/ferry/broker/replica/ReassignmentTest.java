package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.it.JavaProcess;

/**
 * Partition reassignments on three brokers: Admin.alterPartitionReassignments moves a replica while an acks=all
 * producer writes, and Kafka's kafka-reassign-partitions (in its own JVM) executes and verifies a plan.
 */
class ReassignmentTest {

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
    void movesAReplicaWhileAnAcksAllProducerWrites() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        TopicPartition tp = new TopicPartition("moving", 0);
        createTopic(tp.topic(), List.of(1, 2));
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread producerThread = new Thread(() -> produce(tp, acked, writing), "reassign-producer");
        producerThread.start();
        try (Admin admin = cluster.admin()) {
            await().atMost(TestCluster.timeout()).until(() -> acked.size() >= 200);
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                    .all().get();
            int ackedAtStart = acked.size();
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                Map<TopicPartition, PartitionReassignment> ongoing =
                        admin.listPartitionReassignments().reassignments().get();
                assertThat(ongoing).isEmpty();
                PartitionState s = cluster.state(tp);
                assertThat(s.replicas()).containsExactly(2, 3);
                assertThat(s.isr()).containsExactlyInAnyOrder(2, 3);
            });
            await().atMost(TestCluster.timeout()).until(() -> acked.size() >= ackedAtStart + 200);
        } finally {
            writing.set(false);
            producerThread.join(TestCluster.timeout().toMillis());
        }
        assertThat(cluster.state(tp).leader()).isIn(2, 3);
        assertThat(cluster.replica(3, tp)).isNotNull();
        List<String> read = readAll(tp, acked.size());
        assertThat(read).containsAll(acked).doesNotHaveDuplicates();
        await().atMost(TestCluster.timeout()).untilAsserted(() -> {
            assertThat(cluster.replica(1, tp)).isNull();
            assertThat(partitionDirs(1, tp)).isEmpty();
        });
        assertThat(partitionDirs(3, tp)).hasSize(1);
    }

    @Test
    void kafkaReassignPartitionsExecutesAndVerifies() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        TopicPartition tp = new TopicPartition("tool", 0);
        createTopic(tp.topic(), List.of(1, 2));
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(tp.topic(), 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
        Path plan = root.resolve("plan.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"tool\",\"partition\":0,"
                + "\"replicas\":[3,2]}]}");
        JavaProcess.Result execute = JavaProcess.run(null, "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
                "--bootstrap-server", cluster.bootstrap(), "--reassignment-json-file", plan.toString(), "--execute");
        assertThat(execute.exitCode()).as(execute.output()).isZero();
        assertThat(execute.output()).contains("Successfully started partition reassignment");
        await().atMost(TestCluster.timeout()).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JavaProcess.Result verify = JavaProcess.run(null,
                    "org.apache.kafka.tools.reassign.ReassignPartitionsCommand", "--bootstrap-server",
                    cluster.bootstrap(), "--reassignment-json-file", plan.toString(), "--verify");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("Reassignment of partition tool-0 is completed");
        });
        PartitionState s = cluster.state(tp);
        assertThat(s.replicas()).containsExactly(3, 2);
        assertThat(s.leader()).isEqualTo(3);
        assertThat(readAll(tp, 100)).hasSize(100);
    }

    private void createTopic(String name, List<Integer> replicas) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, Map.of(0, replicas)))).all().get();
        }
        await().atMost(TestCluster.timeout())
                .until(() -> cluster.state(new TopicPartition(name, 0)).isr().size() == replicas.size());
    }

    private void produce(TopicPartition tp, List<String> acked, AtomicBoolean writing) {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            int i = 0;
            while (writing.get()) {
                String value = "v" + i++;
                try {
                    producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "k", value)).get();
                    acked.add(value);
                } catch (Exception e) {
                    // not acknowledged: may or may not be in the log, and is not counted
                }
            }
        }
    }

    private List<String> readAll(TopicPartition tp, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** The directories of {@code tp} (live or awaiting deletion) in broker {@code id}'s log directory. */
    private List<Path> partitionDirs(int id, TopicPartition tp) throws Exception {
        Path dir = root.resolve("broker-" + id);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(tp.toString())).toList();
        }
    }
}
