package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.it.RawTxn;
import io.ferry.broker.partition.Partition;

/**
 * KIP-890 in a cluster: the leader of a partition asks the transaction's coordinator on another broker
 * (AddPartitionsToTxn v4 verifyOnly) before a transactional batch opens a transaction there.
 */
class ClusterTxnVerificationTest {

    @TempDir
    Path root;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        ClusterTxnFixture.createSpreadTopic(cluster, "verified", 3);
        try (KafkaProducer<String, String> warm = cluster.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "warm-up"))) {
            warm.initTransactions();
        }
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void theLeaderAsksTheCoordinatorOnAnotherBroker() throws Exception {
        String id = "cluster-verify";
        int coordinatorId = ClusterTxnFixture.coordinatorOf(cluster, Topic.TRANSACTION_STATE_TOPIC_NAME, id);
        TopicPartition tp = java.util.stream.IntStream.range(0, 3).mapToObj(p -> new TopicPartition("verified", p))
                .filter(p -> cluster.state(p).leader() != coordinatorId).findFirst().orElseThrow();
        int leaderId = cluster.state(tp).leader();
        Partition leader = cluster.replica(leaderId, tp);
        try (BrokerChannel coordinator = channel(coordinatorId); BrokerChannel toLeader = channel(leaderId)) {
            AtomicReference<RawTxn> txn = new AtomicReference<>();
            await().atMost(TestCluster.timeout()).ignoreExceptions()
                    .untilAsserted(() -> txn.set(RawTxn.init(coordinator, id)));

            assertThat(txn.get().produce(toLeader, (short) 11, tp, 0)).isEqualTo(Errors.INVALID_TXN_STATE);
            assertThat(leader.log().logEndOffset()).as("nothing written").isZero();

            assertThat(txn.get().addPartition(coordinator, tp)).isEqualTo(Errors.NONE);
            assertThat(txn.get().produce(toLeader, (short) 11, tp, 0)).isEqualTo(Errors.NONE);
            assertThat(leader.lastStableOffset()).isZero();
            assertThat(txn.get().end(coordinator, false)).isEqualTo(Errors.NONE);
            await().atMost(TestCluster.timeout()).until(() -> leader.lastStableOffset() == 2);
        }
    }

    private BrokerChannel channel(int broker) {
        return new BrokerChannel("test", "127.0.0.1", cluster.broker(broker).port(), 30_000);
    }
}
