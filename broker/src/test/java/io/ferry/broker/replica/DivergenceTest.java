package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.partition.Partition;

/**
 * KIP-101's scenarios on two real brokers: a replica that returns after its logs diverged from the leader's (here by
 * an unclean election) truncates exactly the divergent suffix, found by leader epoch, and then holds the leader's
 * records at those offsets; a follower that restarts keeps what was committed, so electing it loses nothing.
 */
class DivergenceTest {

    private static final TopicPartition TP = new TopicPartition("diverge", 0);

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
    void aReturningReplicaTruncatesOnlyItsDivergentSuffixByLeaderEpoch() throws Exception {
        cluster = TestCluster.start(root, 2, Map.of());
        createTopic(Map.of("unclean.leader.election.enable", "true", "min.insync.replicas", "1"));
        send("all", "committed-", 10);
        PartitionState first = cluster.state(TP);
        int oldLeader = first.leader();
        int other = first.replicas().stream().filter(r -> r != oldLeader).findFirst().orElseThrow();
        awaitLogEnd(other, 10);

        cluster.stopBroker(other);
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).isr().equals(List.of(oldLeader)));
        send("1", "only-on-old-leader-", 5);
        assertThat(cluster.replica(oldLeader, TP).log().logEndOffset()).isEqualTo(15);

        cluster.stopBroker(oldLeader);
        cluster.startBroker(other);
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).leader() == other);
        send("1", "new-leader-", 3);
        assertThat(cluster.replica(other, TP).log().logEndOffset()).isEqualTo(13);

        cluster.startBroker(oldLeader);
        await().atMost(TestCluster.timeout()).untilAsserted(() -> {
            assertThat(cluster.state(TP).isr()).containsExactlyInAnyOrder(oldLeader, other);
            assertThat(cluster.replica(oldLeader, TP).log().logEndOffset()).isEqualTo(13);
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("committed-" + i);
        }
        for (int i = 0; i < 3; i++) {
            expected.add("new-leader-" + i);
        }
        assertThat(values(cluster.replica(other, TP))).containsExactlyElementsOf(expected);
        assertThat(values(cluster.replica(oldLeader, TP))).containsExactlyElementsOf(expected);
    }

    @Test
    void aRestartedFollowerKeepsCommittedRecordsAndCanLeadWithoutLoss() throws Exception {
        cluster = TestCluster.start(root, 2, Map.of());
        createTopic(Map.of("min.insync.replicas", "1"));
        send("all", "v", 20);
        PartitionState first = cluster.state(TP);
        int leader = first.leader();
        int follower = first.replicas().stream().filter(r -> r != leader).findFirst().orElseThrow();
        cluster.stopBroker(follower);
        cluster.startBroker(follower);
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).isr().size() == 2);
        cluster.stopBroker(leader);
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).leader() == follower);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("v" + i);
        }
        assertThat(values(cluster.replica(follower, TP))).containsExactlyElementsOf(expected);
    }

    private void createTopic(Map<String, String> configs) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 2).configs(configs))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(TP).isr().size() == 2);
    }

    private void send(String acks, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TP.topic(), 0, null, prefix + i)).get();
            }
        }
    }

    private void awaitLogEnd(int broker, long end) {
        await().atMost(TestCluster.timeout()).until(() -> cluster.replica(broker, TP).log().logEndOffset() == end);
    }

    private static List<String> values(Partition replica) throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : replica.log().batchesFrom(replica.log().logStartOffset())) {
            for (Record r : batch) {
                ByteBuffer v = r.value();
                byte[] bytes = new byte[v.remaining()];
                v.get(bytes);
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
