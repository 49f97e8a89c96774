package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.JavaProcess;
import io.ferry.broker.partition.Partition;

/**
 * {@code kafka-transactions find-hanging} and {@code abort} (Apache Kafka's TransactionsCommand in a child JVM) in a
 * three-broker cluster: a transactional batch no coordinator knows, written straight into a partition's leader, is
 * found on that broker and aborted there, and the last stable offset moves on every replica.
 */
class TransactionsToolClusterTest {

    private static final String TOOL = "org.apache.kafka.tools.TransactionsCommand";

    @TempDir
    Path root;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        ClusterTxnFixture.createSpreadTopic(cluster, "hanging", 3);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void findHangingAndAbortOnTheLeader() throws Exception {
        TopicPartition tp = new TopicPartition("hanging", 1);
        int leaderId = cluster.state(tp).leader();
        Partition leader = cluster.replica(leaderId, tp);
        long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        leader.appendRecordsAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 424_242L, (short) 0, 0,
                new SimpleRecord(hourAgo, "k".getBytes(), "v".getBytes())), (short) -1);
        assertThat(leader.lastStableOffset()).isZero();

        String found = tool("find-hanging", "--broker-id", Integer.toString(leaderId));
        assertThat(found).contains("hanging").contains("424242");
        tool("abort", "--topic", "hanging", "--partition", "1", "--start-offset", "0");
        for (int replica : cluster.state(tp).replicas()) {
            await().atMost(TestCluster.timeout()).until(() -> cluster.replica(replica, tp).lastStableOffset() == 2);
        }
        assertThat(tool("find-hanging", "--broker-id", Integer.toString(leaderId))).doesNotContain("424242");
    }

    private String tool(String... args) throws Exception {
        JavaProcess.Result r = JavaProcess.runTool(TOOL, cluster.bootstrap(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }
}
