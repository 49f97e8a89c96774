package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real kafka-clients producer and consumer against a Ferry broker. */
class ProduceConsumeTest {

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

    @Test
    void defaultIdempotentProducerWritesAndConsumerReadsEverythingInOrder() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < 3000; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>("orders", i % 3, "k" + i, "v" + i);
                r.headers().add(new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                sent.add(producer.send(r));
            }
            producer.flush();
        }
        for (int i = 0; i < sent.size(); i++) {
            RecordMetadata md = sent.get(i).get();
            assertThat(md.partition()).isEqualTo(i % 3);
            assertThat(md.offset()).isEqualTo(i / 3);
        }
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            List<TopicPartition> parts = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 2));
            List<ConsumerRecord<String, String>> got = Records.readAll(consumer, parts, 3000);
            assertThat(got).hasSize(3000);
            for (int p = 0; p < 3; p++) {
                int partition = p;
                List<ConsumerRecord<String, String>> inPartition = got.stream()
                        .filter(r -> r.partition() == partition).toList();
                for (int j = 0; j < inPartition.size(); j++) {
                    ConsumerRecord<String, String> r = inPartition.get(j);
                    int i = j * 3 + partition;
                    assertThat(r.offset()).isEqualTo(j);
                    assertThat(r.key()).isEqualTo("k" + i);
                    assertThat(r.value()).isEqualTo("v" + i);
                    assertThat(new String(r.headers().lastHeader("seq").value(), StandardCharsets.UTF_8))
                            .isEqualTo(Integer.toString(i));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "all"})
    void everyAcksSettingDelivers(String acks) throws Exception {
        String topic = "acks-" + acks;
        Map<String, Object> props = Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all"));
        try (KafkaProducer<String, String> producer = broker.producer(props)) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, "key", "value-" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            List<ConsumerRecord<String, String>> got =
                    Records.readAll(consumer, List.of(new TopicPartition(topic, 0)), 500);
            assertThat(got).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500)
                            .mapToObj(i -> "value-" + i).toList());
        }
    }

    @Test
    void consumerSeeksToAnOffsetAndLongPollsForNewData() throws Exception {
        String topic = "seek";
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, null, "m" + i));
            }
            producer.flush();
            try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seek(tp, 90);
                List<ConsumerRecord<String, String>> tail = Records.poll(consumer, 10);
                assertThat(tail).extracting(ConsumerRecord::value)
                        .containsExactly("m90", "m91", "m92", "m93", "m94", "m95", "m96", "m97", "m98", "m99");
                // The consumer is now waiting at the end of the log; a new record reaches it.
                producer.send(new ProducerRecord<>(topic, null, "late")).get();
                assertThat(Records.poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("late");
                assertThat(consumer.position(tp)).isEqualTo(101);
            }
        }
    }

    @Test
    void compressedBatchesRoundTrip() throws Exception {
        for (String codec : List.of("gzip", "snappy", "lz4", "zstd")) {
            String topic = "compressed-" + codec;
            try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 20))) {
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "compressible value " + i));
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
                List<ConsumerRecord<String, String>> got =
                        Records.readAll(consumer, List.of(new TopicPartition(topic, 0)), 200);
                assertThat(got).hasSize(200);
                assertThat(got.get(199).value()).isEqualTo("compressible value 199");
                assertThat(got.get(199).offset()).isEqualTo(199);
            }
        }
    }
}
