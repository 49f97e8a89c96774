package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kill -9 of a broker process while producers write; after a restart every acknowledged record is there. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "torn tail appended: {0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedRecordSurvivesKillMinus9(boolean tearTail) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (BrokerProcess broker = new BrokerProcess(dir).start()) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                    broker.bootstrap()))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("crash", 2, (short) 1)))
                        .all().get();
            }
            KafkaProducer<String, String> producer = producer(broker.bootstrap());
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 1_000_000 && !Thread.currentThread().isInterrupted(); i++) {
                    String value = "record-" + i;
                    try {
                        producer.send(new ProducerRecord<>("crash", i % 2, null, value), (md, e) -> {
                            if (e == null) {
                                acked.add(value);
                            }
                        });
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
            writer.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 20_000);
            broker.kill();
            writer.interrupt();
            writer.join();
            producer.close(Duration.ZERO);
            Set<String> ackedAtKill = new HashSet<>(acked);

            if (tearTail) {
                appendGarbageToActiveSegments(broker.logsDir().resolve("crash-0"));
            }
            broker.start();
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrap())) {
                List<TopicPartition> parts = List.of(new TopicPartition("crash", 0), new TopicPartition("crash", 1));
                List<ConsumerRecord<String, String>> got = Records.readToEnd(consumer, parts);
                Set<String> read = new HashSet<>();
                List<String> duplicates = new ArrayList<>();
                for (ConsumerRecord<String, String> r : got) {
                    if (!read.add(r.value())) {
                        duplicates.add(r.value());
                    }
                }
                assertThat(duplicates).as("no record stored twice").isEmpty();
                Set<String> missing = new HashSet<>(ackedAtKill);
                missing.removeAll(read);
                assertThat(missing).as("acknowledged records missing after kill -9").isEmpty();
            }
            // The restarted broker accepts new writes after the recovered data.
            try (KafkaProducer<String, String> after = producer(broker.bootstrap())) {
                long offset = after.send(new ProducerRecord<>("crash", 0, null, "after")).get().offset();
                assertThat(offset).isGreaterThan(0);
            }
        }
    }

    private static void appendGarbageToActiveSegments(Path partitionDir) throws Exception {
        Path last;
        try (Stream<Path> files = Files.list(partitionDir)) {
            last = files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // Looks like the start of a batch (offset, length 500) but is cut short: a torn write.
            ByteBuffer torn = ByteBuffer.allocate(40);
            torn.putLong(123456L).putInt(500).put(new byte[28]).flip();
            ch.write(torn);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "max.poll.records", 5000));
    }

    @Test
    void cleanRestartKeepsDataTopicsAndIds(@TempDir Path data) throws Exception {
        try (TestBroker broker = TestBroker.start(data)) {
            try (var admin = broker.admin()) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 2, (short) 1)
                        .configs(Map.of("retention.ms", "86400000")))).all().get();
            }
            var idBefore = topicId(broker, "kept");
            try (KafkaProducer<String, String> p = producer(broker.bootstrap())) {
                for (int i = 0; i < 1000; i++) {
                    p.send(new ProducerRecord<>("kept", i % 2, null, "v" + i));
                }
                p.flush();
            }
            broker.restart();
            assertThat(topicId(broker, "kept")).isEqualTo(idBefore);
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrap())) {
                var got = Records.readAll(consumer, List.of(new TopicPartition("kept", 0),
                        new TopicPartition("kept", 1)), 1000);
                assertThat(got).hasSize(1000);
            }
            // The idempotent producer state was rebuilt: a new producer continues at the right offsets.
            try (KafkaProducer<String, String> p = producer(broker.bootstrap())) {
                assertThat(p.send(new ProducerRecord<>("kept", 0, null, "next")).get().offset()).isEqualTo(500);
            }
        }
    }

    private static org.apache.kafka.common.Uuid topicId(TestBroker broker, String topic) throws Exception {
        try (var admin = broker.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
    }
}
