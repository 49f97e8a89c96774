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

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.replica.TestCluster;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;

/**
 * The quickstart (test.txt → connect-test → test.sink.txt) on a standalone worker whose embedded broker is off and
 * whose bootstrap.servers name three replicated Ferry brokers: it keeps copying every line while the leader of the
 * topic's partition stops.
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

    private static void append(Path input, List<String> expected, int from, int to) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("line-").append(i).append('\n');
            expected.add("line-" + i);
        }
        Files.writeString(input, sb, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
