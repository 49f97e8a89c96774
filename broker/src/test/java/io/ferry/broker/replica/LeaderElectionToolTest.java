package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.it.JavaProcess;

/**
 * Apache Kafka's own kafka-leader-election (LeaderElectionCommand, in its own JVM) against three brokers: after a
 * broker's restart its preferred leaderships went elsewhere; a PREFERRED election over all partitions brings them back.
 */
class LeaderElectionToolTest {

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
    void kafkaLeaderElectionBringsPreferredLeadersBack() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of("auto.leader.rebalance.enable", "false"));
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("elect", 3, (short) 3))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> allLeadersPreferred());
        int preferredOfP0 = cluster.state(new TopicPartition("elect", 0)).replicas().get(0);
        cluster.stopBroker(preferredOfP0);
        cluster.startBroker(preferredOfP0);
        await().atMost(TestCluster.timeout()).until(() -> fullIsr() && !allLeadersPreferred());

        JavaProcess.Result r = JavaProcess.run(null, "org.apache.kafka.tools.LeaderElectionCommand",
                "--bootstrap-server", cluster.bootstrap(), "--election-type", "PREFERRED",
                "--all-topic-partitions");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Successfully completed leader election (PREFERRED) for partitions elect-0");
        await().atMost(TestCluster.timeout()).until(() -> allLeadersPreferred());
    }

    private boolean fullIsr() {
        for (int p = 0; p < 3; p++) {
            if (cluster.state(new TopicPartition("elect", p)).isr().size() != 3) {
                return false;
            }
        }
        return true;
    }

    /** Whether every partition is led by its preferred (first) replica. */
    private boolean allLeadersPreferred() {
        for (int p = 0; p < 3; p++) {
            PartitionState s = cluster.state(new TopicPartition("elect", p));
            if (s.leader() != s.replicas().get(0)) {
                return false;
            }
        }
        return true;
    }
}
