package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jepsen 2013 scenario replayed with processes: the two followers go away so the ISR shrinks to the leader,
 * acks=all writes arrive, the leader is killed with SIGKILL and the followers come back. With
 * min.insync.replicas=1 and unclean.leader.election.enable=true (the control run) a follower is elected and the
 * writes acknowledged while it was away are lost: this proves the check can see loss. With the defaults nothing
 * acknowledged is lost: min.insync.replicas=2 refuses the writes with NOT_ENOUGH_REPLICAS, and with
 * min.insync.replicas=1 the partition stays offline until the old leader returns.
 */
class UncleanElectionTest {

    private static final Logger LOG = LoggerFactory.getLogger(UncleanElectionTest.class);
    private static final String TOPIC = "jepsen";

    @ParameterizedTest(name = "min.insync.replicas={0}, unclean.leader.election.enable={1}")
    @CsvSource({"1, true", "2, false", "1, false"})
    void writesAcknowledgedByALoneLeaderAreLostOnlyByAnUncleanElection(int minIsr, boolean unclean)
            throws Exception {
        String name = "UncleanElectionTest-" + minIsr + "-" + unclean;
        try (ProcessCluster cluster = ProcessCluster.start(name, 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.createTopic(admin, TOPIC, 1, Map.of("min.insync.replicas", Integer.toString(minIsr),
                    "unclean.leader.election.enable", Boolean.toString(unclean)));
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            Set<String> acked = new HashSet<>();
            Map<String, Throwable> failed;
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false", ProducerConfig.RETRIES_CONFIG, 0,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000))) {
                failed = send(producer, "before", acked);
                assertThat(failed).as("writes with the full ISR").isEmpty();

                int leader = ProcessCluster.leader(admin, tp);
                List<Integer> followers = ProcessCluster.describe(admin, tp).replicas().stream()
                        .map(n -> n.id()).filter(id -> id != leader).toList();
                for (int f : followers) {
                    cluster.broker(f).close();
                }
                await("ISR shrunk to the leader").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> ProcessCluster.isr(admin, tp).equals(Set.of(leader)));

                failed = send(producer, "alone", acked);
                if (minIsr == 1) {
                    assertThat(failed).as("writes acknowledged by the lone leader (min.insync.replicas=1)").isEmpty();
                } else {
                    assertThat(failed).as("writes refused below min.insync.replicas").hasSize(100)
                            .allSatisfy((v, e) -> assertThat(e).isInstanceOf(NotEnoughReplicasException.class));
                }
                LOG.info("Killing broker {}, the lone leader, with {} acknowledged", leader, acked.size());
                cluster.broker(leader).kill();
                cluster.startAll(followers);
                Set<String> aloneAcked = new HashSet<>(acked);
                aloneAcked.removeIf(v -> !v.startsWith("alone"));
                if (unclean) {
                    await("an unclean election").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                            .until(() -> followers.contains(ProcessCluster.leader(admin, tp)));
                    Set<String> missing = missing(cluster, acked);
                    LOG.info("Unclean election of broker {}: {} of {} acknowledged records lost",
                            ProcessCluster.leader(admin, tp), missing.size(), acked.size());
                    assertThat(missing).as("acknowledged while the follower was away, hence lost")
                            .isEqualTo(aloneAcked).isNotEmpty();
                    return;
                }
                await("followers registered").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        ProcessCluster.ids(admin.describeCluster().nodes().get()).equals(new HashSet<>(followers)));
                await("partition stays offline without its last in-sync replica")
                        .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> ProcessCluster.leader(admin, tp) == -1);
                cluster.broker(leader).start();
                await("the old leader leads again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> ProcessCluster.leader(admin, tp) == leader);
                cluster.awaitPartitions(admin, TOPIC, "full ISR", p -> p.isr().size() == 3);
            }
            assertThat(missing(cluster, acked)).as("acknowledged records lost").isEmpty();
        }
    }

    /** Sends 100 values {@code prefix-i}; adds the acknowledged ones to {@code acked}, returns the failures. */
    private static Map<String, Throwable> send(KafkaProducer<String, String> producer, String prefix,
                                               Set<String> acked) throws InterruptedException {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, null, prefix + "-" + i)));
        }
        Map<String, Throwable> failed = new java.util.TreeMap<>();
        for (int i = 0; i < 100; i++) {
            try {
                futures.get(i).get();
                acked.add(prefix + "-" + i);
            } catch (ExecutionException e) {
                failed.put(prefix + "-" + i, e.getCause());
            }
        }
        return failed;
    }

    private static Set<String> missing(ProcessCluster cluster, Set<String> acked) {
        List<String> read = cluster.readAll(TOPIC, 1);
        assertThat(read).as("records read twice").doesNotHaveDuplicates();
        Set<String> missing = new HashSet<>(acked);
        read.forEach(missing::remove);
        return missing;
    }
}
