package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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

/**
 * A rolling restart of all three brokers under an idempotent acks=all producer: each broker hands its leaderships to
 * other in-sync replicas before it stops (controlled shutdown), so the producer sees no error and every acknowledged
 * record is read back once.
 */
class RollingRestartTest {

    private static final String TOPIC = "rolling";

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
    void aRollingRestartUnderAcksAllLosesNothingAndShowsTheProducerNoError() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
        }
        awaitFullIsr();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.LINGER_MS_CONFIG, "5"))) {
                for (int i = 0; running.get(); i++) {
                    String v = "v" + i;
                    producer.send(new ProducerRecord<>(TOPIC, v, v), (md, e) -> {
                        if (e == null) {
                            acked.add(v);
                        } else {
                            errors.add(e);
                        }
                    });
                    if (i % 50 == 49) {
                        producer.flush();
                    }
                }
                producer.flush();
            }
        }, "rolling-producer");
        sender.start();
        try {
            for (int id = 1; id <= 3; id++) {
                int before = acked.size();
                await().atMost(TestCluster.timeout()).until(() -> acked.size() > before + 200);
                cluster.stopBroker(id);
                int stopped = acked.size();
                await().atMost(TestCluster.timeout()).until(() -> acked.size() > stopped + 200);
                cluster.startBroker(id);
                awaitFullIsr();
            }
        } finally {
            running.set(false);
            sender.join(60_000);
        }
        assertThat(errors).as("errors the producer saw").isEmpty();
        List<String> read = readAll(acked.size());
        assertThat(read).doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).containsAll(acked);
    }

    private void awaitFullIsr() {
        await().atMost(TestCluster.timeout()).untilAsserted(() -> {
            for (int p = 0; p < 3; p++) {
                PartitionState s = cluster.state(new TopicPartition(TOPIC, p));
                assertThat(s.leader()).isNotNegative();
                assertThat(s.isr()).hasSize(3);
            }
        });
    }

    private List<String> readAll(int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            List<TopicPartition> parts = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TestCluster.timeout().toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values.size()).isGreaterThanOrEqualTo(atLeast);
        return values;
    }
}
