package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three broker processes that run the ZooKeeper ensemble themselves ({@code zookeeper.embedded.*}): nothing else is
 * started. The cluster forms, and when the controller's process (a broker and an ensemble member at once) is killed
 * with SIGKILL, the other two keep a ZooKeeper quorum, elect a controller and leaders, and keep acknowledging
 * acks=all writes; the killed broker restarts on its data and rejoins both the ensemble and every ISR. Every
 * acknowledged value is read back exactly once.
 */
class ZooKeeperInBrokersTest {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperInBrokersTest.class);
    private static final String TOPIC = "self-contained";

    @Test
    void threeBrokersAreAWholeClusterAndSurviveTheControllersProcessDying() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.startWithZooKeeperInBrokers("ZooKeeperInBrokersTest", 3,
                Map.of());
             Admin admin = cluster.admin()) {
            await("three brokers registered").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get().size() == 3);
            cluster.createTopic(admin, TOPIC, 3, Map.of("min.insync.replicas", "2"));
            Set<String> acked;
            try (AckedWriter writer = new AckedWriter(cluster, TOPIC, 3).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackedCount() >= 500);
                int victim = cluster.zkController();
                LOG.info("Killing broker {}, the controller, with its ZooKeeper member", victim);
                cluster.broker(victim).kill();
                await("a new controller").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> {
                            int c = cluster.zkController();
                            return c > 0 && c != victim;
                        });
                cluster.awaitPartitions(admin, TOPIC, "a leader other than broker " + victim,
                        p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != victim);
                int before = writer.ackedCount();
                await("writes acknowledged without broker " + victim).atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > before + 500);

                cluster.broker(victim).start();
                cluster.awaitPartitions(admin, TOPIC, "broker " + victim + " back in the ISR",
                        p -> ProcessCluster.ids(p.isr()).contains(victim));
                int after = writer.ackedCount();
                await("writes acknowledged after the restart").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.ackedCount() > after + 500);
                acked = writer.stop();
                assertThat(writer.failed()).as("sends that failed").isEmpty();
            }
            List<String> read = cluster.readAll(TOPIC, 3);
            assertThat(read).doesNotHaveDuplicates();
            assertThat(new HashSet<>(read)).containsAll(acked);
        }
    }
}
