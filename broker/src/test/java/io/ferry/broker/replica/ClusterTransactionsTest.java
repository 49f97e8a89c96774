package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions whose partitions lead on other brokers than their coordinator: the coordinator delivers markers with
 * WriteTxnMarkers, so read_committed consumers see committed records only and reach the end of every partition.
 */
class ClusterTransactionsTest {

    @TempDir
    Path root;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void committedRecordsOnThreeLeadersAreReadAndAbortedOnesNever() throws Exception {
        ClusterTxnFixture.createSpreadTopic(cluster, "txn-data", 3);
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "spread-txn"))) {
            producer.initTransactions();
            committed.addAll(sendInTransaction(producer, "txn-data", "first", true));
            sendInTransaction(producer, "txn-data", "aborted", false);
            committed.addAll(sendInTransaction(producer, "txn-data", "second", true));
            sendInTransaction(producer, "txn-data", "aborted-last", false);
        }
        List<String> read = ClusterTxnFixture.readCommittedToTheEnd(cluster, "txn-data", committed.size(),
                TestCluster.timeout());
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    void markersReachTheNewLeaderOfAPartitionWhoseLeaderStoppedDuringTheTransaction() throws Exception {
        ClusterTxnFixture.createSpreadTopic(cluster, "txn-failover", 3);
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "failover-txn"))) {
            producer.initTransactions();
            int coordinator = ClusterTxnFixture.coordinatorOf(cluster, Topic.TRANSACTION_STATE_TOPIC_NAME,
                    "failover-txn");
            int victim = IntStream.range(0, 3).map(p -> cluster.state(new TopicPartition("txn-failover", p)).leader())
                    .filter(l -> l != coordinator).findFirst().orElseThrow();
            producer.beginTransaction();
            for (int i = 0; i < 30; i++) {
                committed.add("kept-" + i);
                producer.send(new ProducerRecord<>("txn-failover", i % 3, "k" + i, "kept-" + i));
            }
            producer.flush();
            cluster.stopBroker(victim);
            producer.commitTransaction();
        }
        List<String> read = ClusterTxnFixture.readCommittedToTheEnd(cluster, "txn-failover", committed.size(),
                TestCluster.timeout());
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(committed);
    }

    @Test
    void consumeTransformProduceCommitsTheGroupsOffsetsOnAnotherBroker() throws Exception {
        ClusterTxnFixture.createSpreadTopic(cluster, "ctp-in", 3);
        ClusterTxnFixture.createSpreadTopic(cluster, "ctp-out", 3);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 90; i++) {
                producer.send(new ProducerRecord<>("ctp-in", i % 3, "k" + i, "v" + i));
            }
            producer.flush();
        }
        String[] ids = coordinatorsOnDifferentBrokers();
        String transactionalId = ids[0];
        String groupId = ids[1];
        List<String> expected = IntStream.range(0, 90).mapToObj(i -> "V" + i).toList();
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20"));
             KafkaProducer<String, String> producer = cluster.producer(Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
            producer.initTransactions();
            consumer.subscribe(List.of("ctp-in"));
            int[] copied = {0};
            await().atMost(TestCluster.timeout()).pollInterval(Duration.ofMillis(1)).until(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    producer.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        producer.send(new ProducerRecord<>("ctp-out", r.partition(), r.key(), r.value().toUpperCase()));
                        next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                    producer.commitTransaction();
                    copied[0] += records.count();
                }
                return copied[0] >= 90;
            });
        }
        try (Admin admin = cluster.admin()) {
            await().atMost(TestCluster.timeout()).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                for (int p = 0; p < 3; p++) {
                    assertThat(offsets.get(new TopicPartition("ctp-in", p))).as("committed offset of ctp-in-%d", p)
                            .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(30L);
                }
            });
        }
        assertThat(ClusterTxnFixture.readCommittedToTheEnd(cluster, "ctp-out", expected.size(), TestCluster.timeout()))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * A transactional id and a group id whose coordinators (leaders of their __transaction_state and
     * __consumer_offsets partitions) are different brokers, so the offsets' marker crosses brokers.
     */
    private String[] coordinatorsOnDifferentBrokers() throws Exception {
        try (KafkaProducer<String, String> warm = cluster.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "warm-up"));
             Admin admin = cluster.admin()) {
            warm.initTransactions();
            admin.listConsumerGroupOffsets("warm-up").partitionsToOffsetAndMetadata().get();
        }
        for (int t = 0; t < 20; t++) {
            for (int g = 0; g < 20; g++) {
                String txn = "ctp-txn-" + t;
                String group = "ctp-group-" + g;
                int txnCoordinator = ClusterTxnFixture.coordinatorOf(cluster, Topic.TRANSACTION_STATE_TOPIC_NAME, txn);
                int groupCoordinator = ClusterTxnFixture.coordinatorOf(cluster, Topic.GROUP_METADATA_TOPIC_NAME, group);
                if (txnCoordinator >= 0 && groupCoordinator >= 0 && txnCoordinator != groupCoordinator) {
                    return new String[] {txn, group};
                }
            }
        }
        throw new AssertionError("no transactional id and group id with coordinators on different brokers");
    }

    private static List<String> sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix,
                                                  boolean commit) {
        List<String> values = new ArrayList<>();
        producer.beginTransaction();
        for (int i = 0; i < 30; i++) {
            String v = prefix + "-" + i;
            values.add(v);
            producer.send(new ProducerRecord<>(topic, i % 3, "k" + i, v));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
        return values;
    }
}
