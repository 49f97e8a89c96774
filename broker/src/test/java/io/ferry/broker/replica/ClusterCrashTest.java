package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's replication system test (hard and clean bounce) on this machine: three broker processes, 3 partitions, RF 3,
 * min.insync.replicas 2, an idempotent acks=all producer writing throughout; three times the leader of partition 0
 * is killed with SIGKILL, a new leader takes over, and the broker restarts on its data and rejoins every ISR. Every
 * acknowledged value is then read back exactly once. Like Kafka's test it runs against the partition leader and
 * against the controller (which need not lead partition 0; then partition 0 keeps its leader), and as a clean bounce
 * (SIGTERM: controlled shutdown, leaderships move before the broker leaves).
 */
class ClusterCrashTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCrashTest.class);
    private static final String TOPIC = "bounced";

    @ParameterizedTest(name = "bounce of the {0}, hard (SIGKILL): {1}")
    @CsvSource({"leader, true", "controller, true", "leader, false"})
    void acknowledgedRecordsSurviveThreeBouncesAndAreReadOnce(String target, boolean hard) throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start("ClusterCrashTest-" + target + (hard ? "-hard" : "-clean"),
                3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, TOPIC, 3, Map.of("min.insync.replicas", "2"));
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            Set<String> acked;
            try (AckedWriter writer = new AckedWriter(cluster, TOPIC, 3).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 1000);
                for (int round = 1; round <= 3; round++) {
                    int victim = target.equals("leader") ? ProcessCluster.leader(admin, p0)
                            : admin.describeCluster().controller().get().id();
                    int before = writer.ackedCount();
                    LOG.info("Round {}: {} broker {}, the {}, after {} acknowledged", round,
                            hard ? "killing" : "stopping", victim, target, before);
                    if (hard) {
                        cluster.broker(victim).kill();
                    } else {
                        cluster.broker(victim).close();
                    }
                    // Every partition it led gets a new leader; so does the controller role.
                    cluster.awaitPartitions(admin, TOPIC, "a leader other than broker " + victim,
                            p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != victim);
                    await("a new controller").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                            .ignoreExceptions().until(() -> {
                                int c = admin.describeCluster().controller().get().id();
                                return c >= 0 && c != victim;
                            });
                    cluster.broker(victim).start();
                    cluster.awaitPartitions(admin, TOPIC, "broker " + victim + " back in the ISR",
                            p -> ProcessCluster.ids(p.isr()).contains(victim) && p.leader() != null);
                    await("writes acknowledged after round " + round).atMost(Duration.ofSeconds(30))
                            .until(() -> writer.ackedCount() > before + 500);
                }
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            List<String> read = cluster.readAll(TOPIC, 3);
            List<String> duplicates = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String v : read) {
                if (!seen.add(v)) {
                    duplicates.add(v);
                }
            }
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(seen);
            LOG.info("Acknowledged {}, read {}, missing {}, duplicated {}", acked.size(), read.size(),
                    missing.size(), duplicates.size());
            assertThat(missing).as("acknowledged values missing").isEmpty();
            assertThat(duplicates).as("values read twice").isEmpty();
        }
    }
}
