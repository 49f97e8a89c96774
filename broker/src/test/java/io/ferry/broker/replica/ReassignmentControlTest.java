package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.it.JavaProcess;

/**
 * Reassignments held in progress (the new replica does not fetch): listed with adding/removing, refused when
 * invalid, cancelled back to the original replicas, and finished by a new controller after a failover.
 */
class ReassignmentControlTest {

    private static final int RECORDS = 50;

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
    void listsRefusesCancelsAndResumesAfterFailover() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        TopicPartition tp = new TopicPartition("held", 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), Map.of(0, List.of(1, 2), 1, List.of(1, 2)))))
                    .all().get();
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 2);
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG,
                    "all"))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(tp.topic(), 0, "k", "v" + i)).get();
                }
            }
            cluster.broker(3).replicaManager().stopFetching();
            move(admin, tp, List.of(2, 3));
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                PartitionReassignment r = admin.listPartitionReassignments().reassignments().get().get(tp);
                assertThat(r).isNotNull();
                assertThat(r.replicas()).containsExactly(2, 3, 1);
                assertThat(r.addingReplicas()).containsExactly(3);
                assertThat(r.removingReplicas()).containsExactly(1);
                assertThat(cluster.replica(3, tp)).isNotNull();
            });

            assertRefused(admin, tp, Optional.of(List.of(1, 4)), InvalidReplicaAssignmentException.class);
            assertRefused(admin, tp, Optional.of(List.of(2, 2)), InvalidReplicaAssignmentException.class);
            assertRefused(admin, new TopicPartition("nowhere", 0), Optional.of(List.of(1)),
                    UnknownTopicOrPartitionException.class);
            assertRefused(admin, new TopicPartition(tp.topic(), 1), Optional.empty(),
                    NoReassignmentInProgressException.class);

            admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get();
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                assertThat(admin.listPartitionReassignments().reassignments().get()).isEmpty();
                // As in Kafka, the original replicas come back in their order within the reassignment's list.
                assertThat(cluster.state(tp).replicas()).containsExactlyInAnyOrder(1, 2);
                assertThat(cluster.state(tp).isr()).containsExactlyInAnyOrder(1, 2);
                assertThat(cluster.replica(3, tp)).isNull();
                assertThat(partitionDirs(3, tp)).isEmpty();
            });

            move(admin, tp, List.of(2, 3));
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).replicas().size() == 3);
        }
        int controller = cluster.broker(cluster.running().get(0)).metadata().controllerId();
        cluster.stopBroker(controller);
        cluster.stopBroker(3);
        cluster.startBroker(3);
        if (controller != 3) {
            cluster.startBroker(controller);
        }
        await().atMost(TestCluster.timeout()).untilAsserted(() -> {
            PartitionState s = cluster.state(tp);
            assertThat(s.replicas()).containsExactly(2, 3);
            assertThat(s.isr()).containsExactlyInAnyOrder(2, 3);
            assertThat(cluster.replica(1, tp)).isNull();
            assertThat(partitionDirs(1, tp)).isEmpty();
        });
        assertThat(cluster.broker(2).metadata().controllerId()).isNotEqualTo(-1);
        assertThat(readAll(tp)).hasSize(RECORDS);
    }

    @Test
    void kafkaReassignPartitionsCancelsAHeldReassignment() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        TopicPartition tp = new TopicPartition("tool-cancel", 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), Map.of(0, List.of(1, 2))))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 2);
        cluster.broker(3).replicaManager().stopFetching();
        Path plan = root.resolve("plan.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"tool-cancel\",\"partition\":0,"
                + "\"replicas\":[3,2]}]}");
        String tool = "org.apache.kafka.tools.reassign.ReassignPartitionsCommand";
        JavaProcess.Result execute = JavaProcess.run(null, tool, "--bootstrap-server", cluster.bootstrap(),
                "--reassignment-json-file", plan.toString(), "--execute");
        assertThat(execute.exitCode()).as(execute.output()).isZero();
        JavaProcess.Result verify = JavaProcess.run(null, tool, "--bootstrap-server", cluster.bootstrap(),
                "--reassignment-json-file", plan.toString(), "--verify");
        assertThat(verify.output()).as(verify.output()).contains("Reassignment of partition tool-cancel-0 is still in "
                + "progress");
        JavaProcess.Result cancel = JavaProcess.run(null, tool, "--bootstrap-server", cluster.bootstrap(),
                "--reassignment-json-file", plan.toString(), "--cancel");
        assertThat(cancel.exitCode()).as(cancel.output()).isZero();
        assertThat(cancel.output()).contains("Successfully cancelled partition reassignment for: tool-cancel-0");
        await().atMost(TestCluster.timeout()).untilAsserted(() -> {
            assertThat(cluster.state(tp).replicas()).containsExactlyInAnyOrder(1, 2);
            assertThat(cluster.replica(3, tp)).isNull();
        });
    }

    private static void move(Admin admin, TopicPartition tp, List<Integer> target) throws Exception {
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target)))).all().get();
    }

    private static void assertRefused(Admin admin, TopicPartition tp, Optional<List<Integer>> target,
                                      Class<? extends Throwable> error) {
        Optional<NewPartitionReassignment> r = target.map(NewPartitionReassignment::new);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, r)).values().get(tp).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(error);
    }

    private List<String> readAll(TopicPartition tp) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (values.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

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
