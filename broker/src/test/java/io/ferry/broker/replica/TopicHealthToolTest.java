package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.JavaProcess;

/**
 * Apache Kafka's own kafka-topics (TopicCommand, in its own JVM) health filters against three brokers as brokers
 * stop: topic {@code health} has replication factor 3 and min.insync.replicas 2; topic {@code solo} has its one
 * replica on broker 3.
 */
class TopicHealthToolTest {

    private static final Pattern PARTITION = Pattern.compile("Topic: (\\S+)\\s+Partition: (\\d+)");

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
    void healthFiltersFollowStoppedBrokers() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of());
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                    new NewTopic("health", 3, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                    new NewTopic("solo", Map.of(0, List.of(3))))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> isrSizes(3));
        assertThat(filtered("--under-replicated-partitions")).isEmpty();
        assertThat(filtered("--under-min-isr-partitions")).isEmpty();
        // min.insync.replicas defaults to 1: a sole replica in its ISR is at its minimum.
        assertThat(filtered("--at-min-isr-partitions")).containsExactly("solo-0");
        assertThat(filtered("--unavailable-partitions")).isEmpty();

        cluster.stopBroker(3);
        await().atMost(TestCluster.timeout()).until(() -> isrSizes(2));
        Set<String> health = Set.of("health-0", "health-1", "health-2");
        Set<String> atMin = new TreeSet<>(health);
        atMin.add("solo-0");
        assertThat(filtered("--under-replicated-partitions")).isEqualTo(health);
        // A partition without a leader keeps its last ISR (as Kafka's controller does): solo-0 is still "at" min.
        assertThat(filtered("--at-min-isr-partitions")).isEqualTo(atMin);
        assertThat(filtered("--under-min-isr-partitions")).containsExactly("solo-0");
        assertThat(filtered("--unavailable-partitions")).containsExactly("solo-0");

        cluster.stopBroker(2);
        await().atMost(TestCluster.timeout()).until(() -> isrSizes(1));
        assertThat(filtered("--under-replicated-partitions")).isEqualTo(health);
        assertThat(filtered("--at-min-isr-partitions")).containsExactly("solo-0");
        Set<String> underMin = new TreeSet<>(health);
        underMin.add("solo-0");
        assertThat(filtered("--under-min-isr-partitions")).isEqualTo(underMin);
        assertThat(filtered("--unavailable-partitions")).containsExactly("solo-0");
    }

    /**
     * Whether every partition of {@code health} has an ISR of {@code size} in every running broker's metadata (the
     * tool may ask any of them).
     */
    private boolean isrSizes(int size) {
        for (int id : cluster.running()) {
            var topic = cluster.broker(id).metadata().topic("health").orElseThrow();
            for (int p = 0; p < 3; p++) {
                if (topic.partitions().get(p).isr().size() != size) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The partitions {@code kafka-topics --describe <filter>} prints, as topic-partition names. */
    private Set<String> filtered(String filter) throws Exception {
        JavaProcess.Result r = JavaProcess.run(null, "org.apache.kafka.tools.TopicCommand",
                "--bootstrap-server", cluster.bootstrap(), "--describe", filter);
        assertThat(r.exitCode()).as(r.output()).isZero();
        System.out.println("kafka-topics --describe " + filter + ":\n" + r.output());
        Set<String> out = new TreeSet<>();
        Matcher m = PARTITION.matcher(r.output());
        while (m.find()) {
            out.add(m.group(1) + "-" + m.group(2));
        }
        return out;
    }
}
