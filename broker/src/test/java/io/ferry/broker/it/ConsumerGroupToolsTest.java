package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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

/** Apache Kafka's kafka-consumer-groups and kafka-console-consumer against a Ferry broker. */
class ConsumerGroupToolsTest {

    private static final String GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static long midTimestamp;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3"));
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = broker.producer(Map.of())) {
            long base = System.currentTimeMillis() - 100_000;
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("events", i % 2, base + i * 1000L, null, "e" + i)).get();
            }
            midTimestamp = base + 6000;
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private JavaProcess.Result groups(String... args) throws Exception {
        return JavaProcess.runTool(GROUPS, broker.bootstrap(), args);
    }

    @Test
    void consoleConsumerWithGroupReadsFromBeginningAndCommits() throws Exception {
        JavaProcess.Result r = JavaProcess.run(null, CONSOLE_CONSUMER, "--bootstrap-server", broker.bootstrap(),
                "--topic", "events", "--group", "console-group", "--from-beginning", "--max-messages", "10",
                "--timeout-ms", "30000");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.matches("e\\d")).toList())
                .containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        JavaProcess.Result list = groups("--list");
        assertThat(list.output().lines()).contains("console-group");
    }

    @Test
    void describeShowsOffsetsLagAndMembers() throws Exception {
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("group.id", "live-group",
                "auto.offset.reset", "earliest", "client.id", "live-client"))) {
            c.subscribe(List.of("events"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(100));
                return c.assignment().size() == 2;
            });
            c.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(2),
                    new TopicPartition("events", 1), new OffsetAndMetadata(5)));
            JavaProcess.Result d = groups("--describe", "--group", "live-group");
            assertThat(d.exitCode()).as(d.output()).isZero();
            String row0 = d.output().lines().filter(l -> l.contains("events") && l.matches(".*events\\s+0\\s.*"))
                    .findFirst().orElseThrow(() -> new AssertionError(d.output()));
            assertThat(row0.split("\\s+")).containsSubsequence("events", "0", "2", "5", "3");
            assertThat(row0).contains("live-client").contains("/127.0.0.1");
            String row1 = d.output().lines().filter(l -> l.matches(".*events\\s+1\\s.*")).findFirst().orElseThrow();
            assertThat(row1.split("\\s+")).containsSubsequence("events", "1", "5", "5", "0");
        }
    }

    @Test
    void resetOffsetsInEveryModeThenDeleteOffsetsAndTheGroup() throws Exception {
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("group.id", "reset-group"))) {
            c.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(5),
                    new TopicPartition("events", 1), new OffsetAndMetadata(5)));
        }
        assertThat(reset("--to-earliest")).isEqualTo(Map.of(0, 0L, 1, 0L));
        assertThat(reset("--to-latest")).isEqualTo(Map.of(0, 5L, 1, 5L));
        assertThat(reset("--to-offset", "3")).isEqualTo(Map.of(0, 3L, 1, 3L));
        assertThat(reset("--shift-by", "-1")).isEqualTo(Map.of(0, 2L, 1, 2L));
        String when = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .format(Instant.ofEpochMilli(midTimestamp).atOffset(ZoneOffset.UTC)) + "Z";
        // Records e6 (partition 0, offset 3) and e7 (partition 1, offset 3) are the first at or after midTimestamp.
        assertThat(reset("--to-datetime", when)).isEqualTo(Map.of(0, 3L, 1, 3L));

        JavaProcess.Result delOffsets = groups("--delete-offsets", "--group", "reset-group", "--topic", "events:1");
        assertThat(delOffsets.exitCode()).as(delOffsets.output()).isZero();
        assertThat(committed("reset-group")).containsOnlyKeys(0);

        JavaProcess.Result del = groups("--delete", "--group", "reset-group");
        assertThat(del.exitCode()).as(del.output()).isZero();
        assertThat(del.output()).contains("Deletion of requested consumer groups ('reset-group') was successful.");
        assertThat(groups("--list").output().lines()).doesNotContain("reset-group");
    }

    private Map<Integer, Long> reset(String... how) throws Exception {
        String[] args = new String[how.length + 6];
        args[0] = "--reset-offsets";
        args[1] = "--group";
        args[2] = "reset-group";
        args[3] = "--topic";
        args[4] = "events";
        System.arraycopy(how, 0, args, 5, how.length);
        args[args.length - 1] = "--execute";
        JavaProcess.Result r = groups(args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return committed("reset-group");
    }

    private Map<Integer, Long> committed(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> o = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> out = new java.util.HashMap<>();
            o.forEach((tp, om) -> out.put(tp.partition(), om.offset()));
            return out;
        }
    }
}
