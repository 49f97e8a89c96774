package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.partition.Partition;

/** WriteTxnMarkers as a coordinator on another broker sends it: per-partition answers like Kafka's. */
class WriteTxnMarkersTest {

    private static final long PRODUCER_ID = 4242;

    @TempDir
    Path root;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        ClusterTxnFixture.createSpreadTopic(cluster, "markers", 1);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void theLeaderEndsTheOpenTransactionOthersAnswerNotLeaderOrUnknown() throws Exception {
        TopicPartition tp = new TopicPartition("markers", 0);
        PartitionState state = cluster.state(tp);
        Partition leader = cluster.replica(state.leader(), tp);
        leader.appendRecordsAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER_ID,
                (short) 0, 0, new SimpleRecord("k".getBytes(), "v".getBytes())), (short) -1);
        assertThat(leader.lastStableOffset()).isZero();
        int follower = state.replicas().stream().filter(r -> r != state.leader()).findFirst().orElseThrow();

        Map<TopicPartition, Errors> atFollower = send(follower, "markers", "no-such-topic");
        assertThat(atFollower).containsEntry(tp, Errors.NOT_LEADER_OR_FOLLOWER)
                .containsEntry(new TopicPartition("no-such-topic", 0), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(leader.lastStableOffset()).isZero();

        assertThat(send(state.leader(), "markers")).containsEntry(tp, Errors.NONE);
        assertThat(leader.lastStableOffset()).isEqualTo(2);
        assertThat(leader.log().highWatermark()).as("the marker is committed when answered").isEqualTo(2);
        await().atMost(TestCluster.timeout()).untilAsserted(() ->
                assertThat(cluster.replica(follower, tp).lastStableOffset()).isEqualTo(2));

        assertThat(send(state.leader(), "markers")).as("a retried marker").containsEntry(tp, Errors.NONE);
        assertThat(leader.log().logEndOffset()).as("nothing written again").isEqualTo(2);
    }

    @Test
    void aMarkerFromAnOlderCoordinatorEpochIsFenced() throws Exception {
        TopicPartition tp = new TopicPartition("markers", 0);
        int leaderId = cluster.state(tp).leader();
        Partition leader = cluster.replica(leaderId, tp);
        leader.appendRecordsAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER_ID,
                (short) 0, 0, new SimpleRecord("k".getBytes(), "v".getBytes())), (short) -1);
        assertThat(send(leaderId, 5, "markers")).containsEntry(tp, Errors.NONE);
        leader.appendRecordsAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, PRODUCER_ID,
                (short) 0, 1, new SimpleRecord("k".getBytes(), "w".getBytes())), (short) -1);

        assertThat(send(leaderId, 4, "markers")).as("a coordinator that lost its partition")
                .containsEntry(tp, Errors.TRANSACTION_COORDINATOR_FENCED);
        assertThat(leader.lastStableOffset()).as("the open transaction stays open").isEqualTo(2);
        assertThat(send(leaderId, 6, "markers")).containsEntry(tp, Errors.NONE);
        assertThat(leader.lastStableOffset()).isEqualTo(4);
    }

    private Map<TopicPartition, Errors> send(int broker, String... topics) throws Exception {
        return send(broker, 0, topics);
    }

    private Map<TopicPartition, Errors> send(int broker, int coordinatorEpoch, String... topics) throws Exception {
        List<WriteTxnMarkersRequestData.WritableTxnMarkerTopic> markerTopics = new ArrayList<>();
        for (String t : topics) {
            markerTopics.add(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName(t)
                    .setPartitionIndexes(new ArrayList<>(List.of(0))));
        }
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData().setMarkers(new ArrayList<>(List.of(
                new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(PRODUCER_ID).setProducerEpoch((short) 0)
                        .setTransactionResult(true).setCoordinatorEpoch(coordinatorEpoch).setTopics(markerTopics))));
        try (BrokerChannel channel = new BrokerChannel("test", "127.0.0.1", cluster.broker(broker).port(), 30_000)) {
            WriteTxnMarkersResponse response = (WriteTxnMarkersResponse) channel.send(
                    new WriteTxnMarkersRequest.Builder(data).build((short) 1));
            return response.errorsByProducerId().get(PRODUCER_ID);
        }
    }
}
