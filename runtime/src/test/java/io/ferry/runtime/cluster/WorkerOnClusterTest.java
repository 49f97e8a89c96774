package io.ferry.runtime.cluster;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.replica.ProcessCluster;
import io.ferry.broker.replica.TestCluster;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;

/**
 * The quickstart (test.txt → connect-test → test.sink.txt) on a standalone worker whose embedded broker is off and
 * whose bootstrap.servers name three replicated Ferry brokers: it keeps copying every line while the leader of the
 * topic's partition stops (in-process brokers), and while brokers are killed (broker processes).
 */
class WorkerOnClusterTest extends WorkerTest {

    private TestCluster cluster;

    @AfterEach
    void stopCluster() throws Exception {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theQuickstartKeepsCopyingWhenALeaderStops() throws Exception {
        // As config/server-N.properties: topics the worker creates get three replicas, two of them in sync to write.
        cluster = TestCluster.start(root.resolve("cluster"), 3, Map.of("default.replication.factor", "3",
                "min.insync.replicas", "2"));
        Path input = Files.writeString(root.resolve("test.txt"), "line-0\n");
        Path output = root.resolve("test.sink.txt");
        fixture = new WorkerFixture(root).set("ferry.embedded.broker", "false").set("exactly.once.source.support", "enabled")
                .set("bootstrap.servers", cluster.bootstrap())
                .start(connector("name", "local-file-source", "connector.class", "FileStreamSource",
                                "tasks.max", "1", "file", input.toString(), "topic", "connect-test"),
                        connector("name", "local-file-sink", "connector.class", "FileStreamSink",
                                "tasks.max", "1", "file", output.toString(), "topics", "connect-test"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("line-0"));
        PartitionState state = cluster.state(new TopicPartition("connect-test", 0));
        assertThat(state.replicas()).as("connect-test takes the cluster's replication").hasSize(3);
        var offsets = cluster.broker(1).metadata().topic("connect-offsets").orElseThrow();
        assertThat(offsets.replicationFactor()).as("the worker's offsets topic").isEqualTo(3);
        assertThat(offsets.configs()).containsEntry("min.insync.replicas", "2");

        List<String> expected = new ArrayList<>(List.of("line-0"));
        append(input, expected, 1, 50);
        cluster.stopBroker(state.leader());
        append(input, expected, 50, 100);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsAll(expected));
        assertThat(cluster.state(new TopicPartition("connect-test", 0)).leader()).isNotEqualTo(state.leader());
    }

    /**
     * The same quickstart on three broker processes: the leader of the topic's partition is killed (SIGKILL) while
     * lines arrive, then the group coordinator of the sink; each broker restarts on its data. The sink file ends
     * with every line exactly once, in order.
     */
    @Test
    void theQuickstartCopiesEveryLineOnceWhenBrokersAreKilled() throws Exception {
        try (ProcessCluster brokers = ProcessCluster.start("WorkerOnClusterTest", 3,
                Map.of("default.replication.factor", "3", "min.insync.replicas", "2"));
             Admin admin = brokers.admin()) {
            Path input = Files.writeString(root.resolve("test.txt"), "line-0\n");
            Path output = root.resolve("test.sink.txt");
            fixture = new WorkerFixture(root).set("ferry.embedded.broker", "false")
                    .set("exactly.once.source.support", "enabled").set("bootstrap.servers", brokers.bootstrap())
                    .start(connector("name", "local-file-source", "connector.class", "FileStreamSource",
                                    "tasks.max", "1", "file", input.toString(), "topic", "connect-test"),
                            connector("name", "local-file-sink", "connector.class", "FileStreamSink",
                                    "tasks.max", "1", "file", output.toString(), "topics", "connect-test"));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("line-0"));
            List<String> expected = new ArrayList<>(List.of("line-0"));
            append(input, expected, 1, 200);

            int leader = ProcessCluster.leader(admin, new TopicPartition("connect-test", 0));
            kill(brokers, admin, leader);
            append(input, expected, 200, 400);
            restart(brokers, admin, leader);

            String group = "connect-local-file-sink";
            int coordinator = admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
            kill(brokers, admin, coordinator);
            append(input, expected, 400, 600);
            restart(brokers, admin, coordinator);

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).hasSizeGreaterThanOrEqualTo(600));
            assertThat(lines(output)).containsExactlyElementsOf(expected);
        }
    }

    private static void kill(ProcessCluster brokers, Admin admin, int id) throws Exception {
        brokers.broker(id).kill();
        brokers.awaitPartitions(admin, "connect-test", "a leader other than broker " + id,
                p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != id);
    }

    private static void restart(ProcessCluster brokers, Admin admin, int id) throws Exception {
        brokers.broker(id).start();
        brokers.awaitPartitions(admin, "connect-test", "broker " + id + " back in the ISR",
                p -> ProcessCluster.ids(p.isr()).contains(id));
    }

    private static void append(Path input, List<String> expected, int from, int to) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("line-").append(i).append('\n');
            expected.add("line-" + i);
        }
        Files.writeString(input, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
