package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions with the real transactional kafka-clients producer and read_committed consumers. */
class TransactionsTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3", "transaction.state.log.num.partitions", "3",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("tx", 2, (short) 1), new NewTopic("tx-in", 1, (short) 1),
                    new NewTopic("tx-out", 1, (short) 1), new NewTopic("tx-timeout", 1, (short) 1),
                    new NewTopic("tx-restart", 1, (short) 1), new NewTopic("tx-open", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<String, String> txProducer(String id, int timeoutMs) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs));
    }

    private static List<String> readCommitted(String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("isolation.level", "read_committed"))) {
            List<TopicPartition> tps = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            if (expected < 0) {
                return Records.readToEnd(c, tps).stream().map(ConsumerRecord::value).toList();
            }
            return Records.readAll(c, tps, expected).stream().map(ConsumerRecord::value).toList();
        }
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnlyAndReadUncommittedSeesAll() throws Exception {
        try (KafkaProducer<String, String> p = txProducer("tx-basic", 60_000)) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("tx", i % 2, null, "committed-" + i));
            }
            p.commitTransaction();
            p.beginTransaction();
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("tx", i % 2, null, "aborted-" + i));
            }
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>("tx", 0, null, "last"));
            p.commitTransaction();
        }
        List<String> committed = readCommitted("tx", 2, -1);
        assertThat(committed).hasSize(11).allMatch(v -> v.startsWith("committed-") || v.equals("last"));
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of())) {
            List<String> all = Records.readToEnd(c, List.of(new TopicPartition("tx", 0), new TopicPartition("tx", 1)))
                    .stream().map(ConsumerRecord::value).toList();
            assertThat(all).hasSize(21).anyMatch(v -> v.startsWith("aborted-"));
        }
    }

    @Test
    void anOpenTransactionHoldsBackReadCommittedConsumersUntilItCommits() throws Exception {
        try (KafkaProducer<String, String> p = txProducer("tx-open", 60_000);
             KafkaConsumer<String, String> c = broker.consumer(Map.of("isolation.level", "read_committed"))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("tx-open", "pending")).get();
            TopicPartition tp = new TopicPartition("tx-open", 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            assertThat(c.poll(Duration.ofMillis(500))).isEmpty();
            assertThat(c.endOffsets(List.of(tp)).get(tp)).isZero(); // the last stable offset
            p.commitTransaction();
            assertThat(Records.poll(c, 1)).extracting(ConsumerRecord::value).containsExactly("pending");
        }
    }

    @Test
    void aNewInstanceFencesTheZombieAndAbortsItsTransaction() throws Exception {
        KafkaProducer<String, String> zombie = txProducer("tx-fence", 60_000);
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>("tx-in", "from-zombie")).get();
        try (KafkaProducer<String, String> fresh = txProducer("tx-fence", 60_000)) {
            fresh.initTransactions();
            fresh.beginTransaction();
            fresh.send(new ProducerRecord<>("tx-in", "from-fresh"));
            fresh.commitTransaction();
        }
        assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
        zombie.close(Duration.ZERO);
        assertThat(readCommitted("tx-in", 1, -1)).containsExactly("from-fresh");
    }

    @Test
    void abandonedTransactionsAreAbortedAfterTheirTimeout() throws Exception {
        KafkaProducer<String, String> crashed = txProducer("tx-abandoned", 1000);
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>("tx-timeout", "never-committed")).get();
        crashed.close(Duration.ZERO); // like a crash: no abort sent
        TopicPartition tp = new TopicPartition("tx-timeout", 0);
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("isolation.level", "read_committed"))) {
            // Once the coordinator aborts it, the last stable offset moves past the abort marker.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> c.endOffsets(List.of(tp)).get(tp) == 2L);
            assertThat(Records.readToEnd(c, List.of(tp))).isEmpty();
        }
    }

    @Test
    void consumeTransformProduceCommitsOffsetsInTheTransaction() throws Exception {
        try (KafkaProducer<String, String> p = broker.producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                p.send(new ProducerRecord<>("tx-restart", "in-" + i));
            }
        }
        TopicPartition in = new TopicPartition("tx-restart", 0);
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("group.id", "eos-app",
                "isolation.level", "read_committed"));
             KafkaProducer<String, String> p = txProducer("tx-eos", 60_000)) {
            p.initTransactions();
            c.assign(List.of(in));
            c.seekToBeginning(List.of(in));
            List<ConsumerRecord<String, String>> got = Records.poll(c, 5);
            p.beginTransaction();
            got.forEach(r -> p.send(new ProducerRecord<>("tx-out", r.value().toUpperCase())));
            p.sendOffsetsToTransaction(Map.of(in, new OffsetAndMetadata(5)), new ConsumerGroupMetadata("eos-app"));
            // Before the commit the offset is pending: a stable read does not see it yet.
            p.commitTransaction();
            assertThat(c.committed(Set.of(in)).get(in).offset()).isEqualTo(5);
        }
        broker.restart();
        try (KafkaConsumer<String, String> c = broker.consumer(Map.of("group.id", "eos-app"))) {
            assertThat(c.committed(Set.of(in)).get(in).offset()).isEqualTo(5);
        }
        // Transaction state survived the restart: the same transactional id gets a newer epoch and works.
        try (KafkaProducer<String, String> p = txProducer("tx-eos", 60_000)) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("tx-out", "after-restart"));
            p.commitTransaction();
        }
        assertThat(readCommitted("tx-out", 1, -1)).contains("IN-0", "IN-4", "after-restart");
    }
}
