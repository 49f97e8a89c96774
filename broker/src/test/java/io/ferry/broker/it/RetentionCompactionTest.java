package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and compaction driven by topic configs, observed through real clients. */
class RetentionCompactionTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("log.retention.check.interval.ms", "100"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static void produce(String topic, int count, int keys) {
        try (KafkaProducer<String, String> p = broker.producer(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 200))) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, 0, keys > 0 ? "key-" + (i % keys) : null, "value-" + i));
            }
            p.flush();
        }
    }

    @Test
    void sizeRetentionDeletesOldSegmentsAndMovesTheLogStart() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("bounded", 1, (short) 1).configs(Map.of(
                    "segment.bytes", "2048", "retention.bytes", "8192")))).all().get();
            produce("bounded", 2000, 0);
            TopicPartition tp = new TopicPartition("bounded", 0);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset() > 1000);
            assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                    .isEqualTo(2000);
            try (KafkaConsumer<String, String> c = broker.consumer(Map.of())) {
                List<ConsumerRecord<String, String>> left = Records.readToEnd(c, List.of(tp));
                assertThat(left).isNotEmpty();
                assertThat(left.get(left.size() - 1).value()).isEqualTo("value-1999");
            }
        }
    }

    @Test
    void timeRetentionDeletesExpiredSegments() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("expiring", 1, (short) 1).configs(Map.of(
                    "segment.bytes", "2048", "retention.ms", "500")))).all().get();
            produce("expiring", 500, 0);
            TopicPartition tp = new TopicPartition("expiring", 0);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset() >= 400);
        }
    }

    @Test
    void compactionKeepsTheLatestValuePerKey() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact", "segment.bytes", "2048", "min.cleanable.dirty.ratio", "0.01",
                    "delete.retention.ms", "100")))).all().get();
        }
        produce("compacted", 3000, 10);
        TopicPartition tp = new TopicPartition("compacted", 0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (KafkaConsumer<String, String> c = broker.consumer(Map.of())) {
                return Records.readToEnd(c, List.of(tp)).size() < 1000;
            }
        });
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of())) {
            Map<String, String> latest = new HashMap<>();
            List<ConsumerRecord<String, String>> all = Records.readToEnd(c, List.of(tp));
            long previous = -1;
            for (ConsumerRecord<String, String> r : all) {
                assertThat(r.offset()).isGreaterThan(previous);
                previous = r.offset();
                latest.put(r.key(), r.value());
            }
            assertThat(latest).hasSize(10);
            for (int k = 0; k < 10; k++) {
                assertThat(latest.get("key-" + k)).isEqualTo("value-" + (2990 + k));
            }
        }
    }
}
