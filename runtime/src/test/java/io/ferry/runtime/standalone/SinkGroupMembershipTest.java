package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Sink tasks are static members of their consumer group (group.instance.id = worker id, connector, task), so a task
 * restarted after a crash takes its partitions back at once (StandaloneLauncherIT kills a worker for that); a task
 * that goes away for good leaves the group, so its partitions move at once too.
 */
class SinkGroupMembershipTest extends WorkerTest {

    @Test
    void aRemovedTaskLeavesItsGroupAndTheRemainingTaskGetsItsPartitionsAtOnce() throws Exception {
        // A session far longer than the test waits: a member that did not leave would keep its partition.
        fixture = new WorkerFixture(root).set("consumer.session.timeout.ms", "300000").start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("pairs", 2, (short) 1))).all().get();
            Map<String, String> sink = connector("name", "pairs-sink", "connector.class", "FileStreamSink", "topics", "pairs",
                    "file", root.resolve("out.txt").toString(), "tasks.max", "2");
            fixture.worker().createOrUpdate("pairs-sink", sink);

            String workerPrefix = fixture.workerId() + "-pairs-sink-";
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(assignments(admin)).isEqualTo(Map.of(
                    workerPrefix + "0", List.of("pairs-0"), workerPrefix + "1", List.of("pairs-1"))));

            sink.put("tasks.max", "1");
            fixture.worker().createOrUpdate("pairs-sink", sink);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(assignments(admin)).isEqualTo(Map.of(
                    workerPrefix + "0", List.of("pairs-0", "pairs-1"))));
        }
    }

    /** Each member's group.instance.id and its assigned partitions. */
    private static Map<String, List<String>> assignments(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("connect-pairs-sink")).all().get().get("connect-pairs-sink");
        Map<String, List<String>> result = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            Collection<TopicPartition> partitions = member.assignment().topicPartitions();
            result.put(member.groupInstanceId().orElse("dynamic " + member.consumerId()),
                    partitions.stream().map(TopicPartition::toString).sorted().collect(Collectors.toList()));
        }
        return result;
    }
}
