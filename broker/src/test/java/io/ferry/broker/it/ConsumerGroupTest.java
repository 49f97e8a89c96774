package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's consumer-group scenarios with real consumers on a 4-partition topic. */
class ConsumerGroupTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "5"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void createAndFill(String topic, int partitions, int perPartition) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = broker.producer(Map.of())) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    p.send(new ProducerRecord<>(topic, part, null, "p" + part + "-" + i));
                }
            }
            p.flush();
        }
    }

    private static KafkaConsumer<String, String> member(String group) {
        return broker.consumer(Map.of("group.id", group, "auto.offset.reset", "earliest",
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "500"));
    }

    /** Polls every consumer in turn until the assignment sizes match and every partition is owned once. */
    private static void awaitAssignment(List<KafkaConsumer<String, String>> consumers, String topic, int partitions,
                                        List<Integer> expectedSizes) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    for (KafkaConsumer<String, String> c : consumers) {
                        c.poll(Duration.ofMillis(50));
                    }
                    List<Integer> sizes = consumers.stream().map(c -> c.assignment().size()).sorted().toList();
                    Set<TopicPartition> owned = new HashSet<>();
                    int total = 0;
                    for (KafkaConsumer<String, String> c : consumers) {
                        owned.addAll(c.assignment());
                        total += c.assignment().size();
                    }
                    return sizes.equals(expectedSizes.stream().sorted().toList()) && owned.size() == partitions
                            && total == partitions;
                });
    }

    @Test
    void partitionsAreSharedTwoTwoThenOneEachAndAFifthMemberIdles() throws Exception {
        createAndFill("shared", 4, 10);
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                consumers.add(member("g-shared"));
                consumers.get(i).subscribe(List.of("shared"));
            }
            awaitAssignment(consumers, "shared", 4, List.of(2, 2));
            for (int i = 2; i < 4; i++) {
                consumers.add(member("g-shared"));
                consumers.get(i).subscribe(List.of("shared"));
            }
            awaitAssignment(consumers, "shared", 4, List.of(1, 1, 1, 1));
            consumers.add(member("g-shared"));
            consumers.get(4).subscribe(List.of("shared"));
            awaitAssignment(consumers, "shared", 4, List.of(0, 1, 1, 1, 1));
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
    }

    @Test
    void aDeadMembersPartitionsMoveAndNothingCommittedIsReadAgain() throws Exception {
        createAndFill("failover", 4, 200);
        Path out = Files.createTempFile(dir, "member", ".out");
        Process other = JavaProcess.start(out, GroupMemberMain.class.getName(), broker.bootstrap(), "g-failover",
                "failover");
        try (KafkaConsumer<String, String> survivor = member("g-failover")) {
            survivor.subscribe(List.of("failover"));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            // Wait until the other process owns two partitions and has read (and committed) some of them.
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
                survivor.poll(Duration.ofMillis(50)).forEach(seen::add);
                String log = Files.readString(out);
                return survivor.assignment().size() == 2 && log.contains("ASSIGNED ") && !log.contains("ASSIGNED \n")
                        && log.lines().filter(l -> l.startsWith("RECORD")).count() >= 20;
            });
            survivor.commitSync();
            other.destroyForcibly().waitFor();
            Set<Integer> theirs = new HashSet<>(List.of(0, 1, 2, 3));
            survivor.assignment().forEach(tp -> theirs.remove(tp.partition()));
            Map<TopicPartition, OffsetAndMetadata> committed;
            try (Admin admin = broker.admin()) {
                committed = admin.listConsumerGroupOffsets("g-failover").partitionsToOffsetAndMetadata().get();
            }
            Map<Integer, Long> committedTheirs = new HashMap<>();
            for (int p : theirs) {
                OffsetAndMetadata o = committed.get(new TopicPartition("failover", p));
                committedTheirs.put(p, o == null ? 0L : o.offset());
            }
            long killedAt = System.nanoTime();
            try (KafkaProducer<String, String> p = broker.producer(Map.of())) {
                for (int part = 0; part < 4; part++) {
                    for (int i = 0; i < 20; i++) {
                        p.send(new ProducerRecord<>("failover", part, null, "late-" + part + "-" + i));
                    }
                }
            }
            List<ConsumerRecord<String, String>> after = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
                survivor.poll(Duration.ofMillis(50)).forEach(after::add);
                return survivor.assignment().size() == 4
                        && theirs.stream().allMatch(p -> after.stream().anyMatch(r -> r.partition() == p));
            });
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));
            for (int p : theirs) {
                long first = after.stream().filter(r -> r.partition() == p).mapToLong(ConsumerRecord::offset)
                        .min().orElseThrow();
                assertThat(first).as("first offset read on partition %d taken over", p)
                        .isEqualTo(committedTheirs.get(p));
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void committedOffsetsSurviveARestart() throws Exception {
        createAndFill("durable", 2, 5);
        try (KafkaConsumer<String, String> c = member("g-durable")) {
            c.commitSync(Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(3, "meta"),
                    new TopicPartition("durable", 1), new OffsetAndMetadata(4)));
        }
        broker.restart();
        try (KafkaConsumer<String, String> c = member("g-durable")) {
            Map<TopicPartition, OffsetAndMetadata> got = c.committed(Set.of(new TopicPartition("durable", 0),
                    new TopicPartition("durable", 1)));
            assertThat(got.get(new TopicPartition("durable", 0)).offset()).isEqualTo(3);
            assertThat(got.get(new TopicPartition("durable", 0)).metadata()).isEqualTo("meta");
            assertThat(got.get(new TopicPartition("durable", 1)).offset()).isEqualTo(4);
            c.subscribe(List.of("durable"));
            List<String> values = Records.poll(c, 3).stream().map(ConsumerRecord::value)
                    .collect(Collectors.toList());
            assertThat(values).containsExactlyInAnyOrder("p0-3", "p0-4", "p1-4");
        }
    }

    @Test
    void deletingATopicRemovesItsCommittedOffsets() throws Exception {
        createAndFill("short-lived", 1, 3);
        createAndFill("long-lived", 1, 3);
        try (KafkaConsumer<String, String> c = member("g-topic-delete")) {
            c.commitSync(Map.of(new TopicPartition("short-lived", 0), new OffsetAndMetadata(2),
                    new TopicPartition("long-lived", 0), new OffsetAndMetadata(1)));
        }
        try (Admin admin = broker.admin()) {
            admin.deleteTopics(List.of("short-lived")).all().get();
            Map<TopicPartition, OffsetAndMetadata> left = admin.listConsumerGroupOffsets("g-topic-delete")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(left).containsOnlyKeys(new TopicPartition("long-lived", 0));
        }
    }
}
