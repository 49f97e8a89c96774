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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader frozen with SIGSTOP past its ZooKeeper session timeout (a GC pause or a stalled VM): the others elect a
 * new leader and acks=all writes keep succeeding; after SIGCONT the old leader finds its session expired, follows the
 * new leader, drops any suffix it alone had and rejoins the ISR. No acknowledged record is lost or doubled, and the
 * old leader's log, read once it leads again, equals the new leader's. With a producer request timeout longer than the
 * pause, the produce requests in flight to the frozen leader are still waiting when it resumes as a zombie: it must
 * not acknowledge them.
 */
class PausedLeaderTest {

    private static final Logger LOG = LoggerFactory.getLogger(PausedLeaderTest.class);
    private static final String TOPIC = "paused";

    @ParameterizedTest(name = "producer request.timeout.ms={0}")
    @ValueSource(ints = {5_000, 60_000})
    void aLeaderPausedPastItsSessionTimeoutStepsDownAndRejoinsWithoutLosingAcknowledgedRecords(int requestTimeoutMs)
            throws Exception {
        boolean zombieRequests = requestTimeoutMs > 30_000;
        try (ProcessCluster cluster = ProcessCluster.start("PausedLeaderTest-" + requestTimeoutMs, 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, TOPIC, 1, Map.of("min.insync.replicas", "2"));
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            int old = ProcessCluster.leader(admin, tp);
            assertThat(ProcessCluster.describe(admin, tp).replicas().get(0).id()).as("preferred leader").isEqualTo(old);
            Set<String> acked;
            int successor;
            try (AckedWriter writer = new AckedWriter(cluster, TOPIC, 1, requestTimeoutMs).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 1000);
                LOG.info("Pausing broker {}, the leader, after {} acknowledged", old, writer.ackedCount());
                cluster.broker(old).pause();
                await("a new leader").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> {
                            int l = ProcessCluster.leader(admin, tp);
                            return l >= 0 && l != old;
                        });
                successor = ProcessCluster.leader(admin, tp);
                int electedAt = writer.ackedCount();
                LOG.info("Broker {} leads; {} acknowledged", successor, electedAt);
                if (!zombieRequests) {
                    await("acks=all writes through the new leader").atMost(Duration.ofSeconds(30))
                            .until(() -> writer.ackedCount() > electedAt + 1000);
                }
                LOG.info("Resuming broker {} after {} acknowledged", old, writer.ackedCount());
                cluster.broker(old).resume();
                cluster.awaitPartitions(admin, TOPIC, "broker " + old + " back in the ISR",
                        p -> ProcessCluster.ids(p.isr()).contains(old) && p.leader() != null
                                && p.leader().id() == successor);
                int rejoinedAt = writer.ackedCount();
                await("writes after the rejoin").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > rejoinedAt + 500);
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            List<String> read = cluster.readAll(TOPIC, 1);
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(read);
            LOG.info("Acknowledged {}, read {} from broker {}, missing {}", acked.size(), read.size(), successor,
                    missing.size());
            assertThat(missing).as("acknowledged records missing").isEmpty();
            assertThat(read).as("records read twice").doesNotHaveDuplicates();

            // Controlled shutdown of the new leader hands the partition to the first in-sync replica in assignment
            // order: the old leader. Reading through it shows its log converged to the new leader's.
            cluster.awaitPartitions(admin, TOPIC, "full ISR", p -> p.isr().size() == 3);
            cluster.broker(successor).close();
            await("broker " + old + " leading again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ProcessCluster.leader(admin, tp) == old);
            List<String> readFromOld = cluster.readAll(TOPIC, 1);
            assertThat(readFromOld).as("the old leader's log, read through it").isEqualTo(read);
        }
    }

    @Test
    void aControllerPausedPastItsSessionTimeoutIsReplacedAndRejoinsAsABroker() throws Exception {
        String topic = "paused-controller";
        try (ProcessCluster cluster = ProcessCluster.start("PausedLeaderTest-controller", 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, topic, 3, Map.of("min.insync.replicas", "2"));
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            int old = cluster.zkController();
            Set<String> acked;
            try (AckedWriter writer = new AckedWriter(cluster, topic, 3).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 1000);
                LOG.info("Pausing broker {}, the controller, after {} acknowledged", old, writer.ackedCount());
                cluster.broker(old).pause();
                await("a new controller and leaders").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            int c = cluster.zkController();
                            for (TopicPartition tp : tps) {
                                int l = cluster.zkState(tp).leader();
                                if (l < 0 || l == old) {
                                    return false;
                                }
                            }
                            return c >= 0 && c != old;
                        });
                int movedAt = writer.ackedCount();
                await("writes while the old controller is frozen").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > movedAt + 1000);
                cluster.broker(old).resume();
                await("broker " + old + " back in every ISR").atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            for (TopicPartition tp : tps) {
                                if (!cluster.zkState(tp).isr().contains(old)) {
                                    return false;
                                }
                            }
                            return true;
                        });
                assertThat(cluster.zkController()).as("controller after the old one resumed").isNotEqualTo(old);
                int rejoinedAt = writer.ackedCount();
                await("writes after the rejoin").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > rejoinedAt + 500);
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            List<String> read = cluster.readAll(topic, 3);
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(read);
            LOG.info("Acknowledged {}, read {}, missing {}", acked.size(), read.size(), missing.size());
            assertThat(missing).as("acknowledged records missing").isEmpty();
            assertThat(read).as("records read twice").doesNotHaveDuplicates();
        }
    }
}
