package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's replication_replica_failure_test in process form: 1 partition, RF 3, min.insync.replicas 2, an idempotent
 * acks=all writer throughout. Followers that freeze leave the ISR (the leader shrinks it after
 * replica.lag.time.max.ms) and stay out until they fetch again; a leader killed together with a follower leaves one
 * in-sync replica that takes over but may not acknowledge alone. Every acknowledged record is read back exactly once.
 */
class ReplicaFailureTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFailureTest.class);
    private static final String TOPIC = "replicas";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @Test
    void frozenFollowersLeaveTheIsrAndWritesStallBelowMinInsyncReplicas() throws Exception {
        // A session timeout longer than the freeze: the frozen followers stay registered (live) throughout, as
        // followers cut off from their leader but not from ZooKeeper would. Only the leader can drop them.
        try (ProcessCluster cluster = ProcessCluster.start("ReplicaFailureTest-frozen", 3,
                Map.of("replica.lag.time.max.ms", "2000", "zookeeper.session.timeout.ms", "30000"));
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, TOPIC, 1, Map.of("min.insync.replicas", "2"));
            int leader = ProcessCluster.leader(admin, TP);
            List<Integer> followers = followers(admin, leader);
            Set<String> acked;
            try (AckedWriter writer = new AckedWriter(cluster, TOPIC, 1).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 1000);

                int f = followers.get(0);
                cluster.broker(f).pause();
                await("broker " + f + " out of the ISR").atMost(Duration.ofSeconds(30))
                        .until(() -> !cluster.zkState(TP).isr().contains(f));
                int shrunkAt = writer.ackedCount();
                await("writes with one follower frozen").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > shrunkAt + 500);
                cluster.broker(f).resume();
                await("broker " + f + " back in the ISR").atMost(Duration.ofSeconds(30))
                        .until(() -> cluster.zkState(TP).isr().size() == 3);

                for (int g : followers) {
                    cluster.broker(g).pause();
                }
                await("ISR shrunk to the leader").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> cluster.zkState(TP).isr().equals(List.of(leader)));
                int aloneAt = writer.ackedCount();
                LOG.info("ISR is [{}] alone after {} acknowledged", leader, aloneAt);
                // Frozen followers fetch nothing, so nothing may bring them back into the ISR, and nothing is
                // acknowledged below min.insync.replicas.
                await("the ISR stays [" + leader + "] and nothing is acknowledged while the followers are frozen")
                        .during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> cluster.zkState(TP).isr().equals(List.of(leader))
                                && writer.ackedCount() == aloneAt);
                for (int g : followers) {
                    cluster.broker(g).resume();
                }
                await("full ISR again").atMost(Duration.ofSeconds(45))
                        .until(() -> cluster.zkState(TP).isr().size() == 3);
                await("writes after the followers returned").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > aloneAt + 500);
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            assertAllReadOnce(cluster, acked);
        }
    }

    @Test
    void aLeaderKilledWithAFollowerLeavesTheLastInSyncReplicaInChargeWithoutLoss() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start("ReplicaFailureTest-double", 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, TOPIC, 1, Map.of("min.insync.replicas", "2"));
            int leader = ProcessCluster.leader(admin, TP);
            List<Integer> followers = followers(admin, leader);
            int victim = followers.get(0);
            int survivor = followers.get(1);
            Set<String> acked;
            try (AckedWriter writer = new AckedWriter(cluster, TOPIC, 1).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 2000);
                LOG.info("Killing leader {} and follower {} after {} acknowledged", leader, victim,
                        writer.ackedCount());
                cluster.broker(leader).kill();
                cluster.broker(victim).kill();
                await("broker " + survivor + " leads alone").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> ProcessCluster.leader(admin, TP) == survivor
                                && ProcessCluster.isr(admin, TP).equals(Set.of(survivor)));
                int aloneAt = writer.ackedCount();
                cluster.startAll(List.of(leader, victim));
                await("full ISR again").atMost(Duration.ofSeconds(45)).ignoreExceptions()
                        .until(() -> ProcessCluster.isr(admin, TP).size() == 3);
                await("writes after the restart").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > aloneAt + 500);
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            assertAllReadOnce(cluster, acked);
        }
    }

    private static List<Integer> followers(Admin admin, int leader) throws Exception {
        return ProcessCluster.describe(admin, TP).replicas().stream().map(n -> n.id()).filter(id -> id != leader)
                .toList();
    }

    private static void assertAllReadOnce(ProcessCluster cluster, Set<String> acked) {
        List<String> read = cluster.readAll(TOPIC, 1);
        Set<String> missing = new HashSet<>(acked);
        read.forEach(missing::remove);
        LOG.info("Acknowledged {}, read {}, missing {}", acked.size(), read.size(), missing.size());
        assertThat(missing).as("acknowledged records missing").isEmpty();
        assertThat(read).as("records read twice").doesNotHaveDuplicates();
    }
}
