package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache Kafka's own command-line tools (kafka-topics, kafka-console-producer) against a Ferry broker. */
class KafkaToolsTest {

    private static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private JavaProcess.Result topics(String... args) throws Exception {
        return JavaProcess.runTool(TOPICS, broker.bootstrap(), args);
    }

    @Test
    void kafkaTopicsCreatesListsDescribesAndDeletes() throws Exception {
        JavaProcess.Result create = topics("--create", "--topic", "quickstart-events", "--partitions", "3",
                "--replication-factor", "1", "--config", "retention.ms=3600000");
        assertThat(create.exitCode()).as(create.output()).isZero();
        assertThat(create.output()).contains("Created topic quickstart-events.");

        JavaProcess.Result list = topics("--list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output().lines()).contains("quickstart-events");

        JavaProcess.Result describe = topics("--describe", "--topic", "quickstart-events");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("PartitionCount: 3").contains("ReplicationFactor: 1")
                .contains("retention.ms=3600000").contains("Leader: 1").contains("Isr: 1");

        JavaProcess.Result delete = topics("--delete", "--topic", "quickstart-events");
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        assertThat(topics("--list").output().lines()).doesNotContain("quickstart-events");
    }

    @Test
    void consoleProducerWithKeysKeepsPerKeyOrder() throws Exception {
        assertThat(topics("--create", "--topic", "keyed", "--partitions", "2").exitCode()).isZero();
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            input.append(i % 2 == 0 ? "even" : "odd").append(':').append("line-").append(i).append('\n');
        }
        JavaProcess.Result produced = JavaProcess.run(input.toString(), CONSOLE_PRODUCER,
                "--bootstrap-server", broker.bootstrap(), "--topic", "keyed",
                "--reader-property", "parse.key=true", "--reader-property", "key.separator=:");
        assertThat(produced.exitCode()).as(produced.output()).isZero();

        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            List<ConsumerRecord<String, String>> got = Records.readAll(consumer,
                    List.of(new TopicPartition("keyed", 0), new TopicPartition("keyed", 1)), 20);
            assertThat(got).hasSize(20);
            List<String> evens = got.stream().filter(r -> r.key().equals("even")).map(ConsumerRecord::value).toList();
            List<String> odds = got.stream().filter(r -> r.key().equals("odd")).map(ConsumerRecord::value).toList();
            assertThat(evens).containsExactly("line-0", "line-2", "line-4", "line-6", "line-8", "line-10",
                    "line-12", "line-14", "line-16", "line-18");
            assertThat(odds).hasSize(10).startsWith("line-1", "line-3").endsWith("line-19");
        }
    }
}
