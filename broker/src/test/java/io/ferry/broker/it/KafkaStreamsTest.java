package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's Kafka Streams example, unmodified: Apache's WordCountDemo (kafka-streams-examples) runs in its own
 * process against a Ferry broker, with at-least-once and exactly-once-v2 processing.
 */
class KafkaStreamsTest {

    private static final String DEMO = "org.apache.kafka.streams.examples.wordcount.WordCountDemo";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void wordCountDemoCountsTheSeedSentences(String guarantee) throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), Map.of(
                "group.initial.rebalance.delay.ms", "0", "offsets.topic.num.partitions", "3",
                "transaction.state.log.num.partitions", "3"))) {
            runDemo(broker, guarantee);
        }
    }

    private void runDemo(TestBroker broker, String guarantee) throws Exception {
        String suffix = guarantee.replace('_', '-');
        String input = "streams-plaintext-input";
        String output = "streams-wordcount-output";
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1),
                    new NewTopic(output, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        Path props = dir.resolve("streams-" + suffix + ".properties");
        Files.writeString(props, "bootstrap.servers=" + broker.bootstrap() + "\n"
                + "application.id=wordcount-" + suffix + "\n"
                + "processing.guarantee=" + guarantee + "\n"
                + "state.dir=" + dir.resolve("state-" + suffix) + "\n"
                + "commit.interval.ms=100\n"
                + "statestore.cache.max.bytes=0\n");
        Process app = JavaProcess.start(dir.resolve("demo-" + suffix + ".log"), DEMO, props.toString());
        try (KafkaProducer<String, String> p = broker.producer(Map.of())) {
            for (String line : List.of("all streams lead to kafka", "hello kafka streams", "join kafka summit")) {
                p.send(new ProducerRecord<>(input, line)).get();
            }
        }
        Map<String, Long> expected = Map.of("all", 1L, "streams", 2L, "lead", 1L, "to", 1L, "kafka", 3L,
                "hello", 1L, "join", 1L, "summit", 1L);
        try (KafkaConsumer<String, Long> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                "isolation.level", "read_committed"), new StringDeserializer(), new LongDeserializer())) {
            TopicPartition tp = new TopicPartition(output, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            Map<String, Long> counts = new HashMap<>();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(1)).until(() -> {
                if (!app.isAlive()) {
                    throw new AssertionError("WordCountDemo exited: " + Files.readString(
                            dir.resolve("demo-" + suffix + ".log")));
                }
                c.poll(Duration.ofMillis(200)).forEach(r -> counts.put(r.key(), r.value()));
                return counts.equals(expected);
            });
        } finally {
            app.destroy();
            app.waitFor();
        }
    }
}
