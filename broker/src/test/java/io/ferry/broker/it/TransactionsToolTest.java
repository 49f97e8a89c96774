package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.partition.Partition;

/**
 * Apache Kafka's own {@code kafka-transactions} (org.apache.kafka.tools.TransactionsCommand) in a child JVM: list (with
 * its duration and transactional-id pattern filters), describe and describe-producers show an open transaction; find-hanging finds a transactional batch its coordinator
 * never heard of, and abort writes its abort marker so the last stable offset moves on.
 */
class TransactionsToolTest {

    private static final String TOOL = "org.apache.kafka.tools.TransactionsCommand";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir);
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("txn-tool", 1, (short) 1),
                    new NewTopic("txn-hanging", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static String tool(String... args) throws Exception {
        JavaProcess.Result r = JavaProcess.runTool(TOOL, broker.bootstrap(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    void listDescribeAndDescribeProducersShowAnOpenTransaction() throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tool-txn"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("txn-tool", 0, "k", "v")).get();

            assertThat(tool("list")).contains("tool-txn").contains("Ongoing");
            assertThat(tool("list", "--duration-filter", "3600000", "--transactional-id-pattern", "tool-.*"))
                    .as("KIP-994: open for less than an hour").doesNotContain("tool-txn");
            assertThat(tool("list", "--duration-filter", "0", "--transactional-id-pattern", "tool-t.*"))
                    .contains("tool-txn");
            assertThat(tool("describe", "--transactional-id", "tool-txn"))
                    .contains("Ongoing").contains("txn-tool-0");
            String producers = tool("describe-producers", "--topic", "txn-tool", "--partition", "0");
            assertThat(producers).contains("CurrentTransactionStartOffset");
            assertThat(producers.lines().skip(1).findFirst().orElseThrow().trim()).endsWith("0");
            assertThat(tool("find-hanging", "--topic", "txn-tool", "--max-transaction-timeout", "0"))
                    .as("a transaction its coordinator knows is not hanging").doesNotContain("txn-tool\t");

            producer.commitTransaction();
            assertThat(tool("describe", "--transactional-id", "tool-txn")).contains("CompleteCommit");
        }
    }

    @Test
    void findHangingAndAbortEndATransactionTheCoordinatorDoesNotKnow() throws Exception {
        TopicPartition tp = new TopicPartition("txn-hanging", 0);
        Partition partition = broker.server().partitions().partition(tp).orElseThrow();
        long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        partition.appendRecordsAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 777_777L,
                (short) 3, 0, new SimpleRecord(hourAgo, "k".getBytes(), "v".getBytes())), (short) -1);
        assertThat(partition.lastStableOffset()).as("the hanging transaction holds the LSO").isZero();

        String hanging = tool("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "15");
        assertThat(hanging).contains("txn-hanging").contains("777777");

        tool("abort", "--topic", "txn-hanging", "--partition", "0", "--start-offset", "0");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> partition.lastStableOffset() == 2);
        assertThat(tool("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "15"))
                .doesNotContain("777777");
    }
}
