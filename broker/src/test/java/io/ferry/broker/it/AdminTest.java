package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kafka-clients Admin against a Ferry broker. */
class AdminTest {

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("log.retention.hours", "48", "num.partitions", "2"));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    /** describeTopics goes through DescribeTopicPartitions: a small page size makes the client follow the cursor. */
    @Test
    void describeFollowsTheCursorOfDescribeTopicPartitionsAcrossTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("paged-a", 3, (short) 1), new NewTopic("paged-b", 4, (short) 1)))
                .all().get();
        Map<String, TopicDescription> d = admin.describeTopics(List.of("paged-b", "paged-a", "paged-missing"),
                new org.apache.kafka.clients.admin.DescribeTopicsOptions().partitionSizeLimitPerResponse(2))
                .topicNameValues().entrySet().stream().filter(e -> !e.getKey().equals("paged-missing"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> {
                    try {
                        return e.getValue().get();
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                }));
        assertThat(d.get("paged-a").partitions()).extracting(p -> p.partition()).containsExactly(0, 1, 2);
        assertThat(d.get("paged-b").partitions()).extracting(p -> p.partition()).containsExactly(0, 1, 2, 3);
        assertThatThrownBy(() -> admin.describeTopics(List.of("paged-missing")).allTopicNames().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.UnknownTopicOrPartitionException.class);
    }

    @Test
    void createsDescribesListsAndDeletesTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("alpha", 3, (short) 1),
                new NewTopic("beta", java.util.Optional.empty(), java.util.Optional.empty()))).all().get();
        assertThat(admin.listTopics().names().get()).contains("alpha", "beta");

        Map<String, TopicDescription> d = admin.describeTopics(List.of("alpha", "beta")).allTopicNames().get();
        assertThat(d.get("alpha").partitions()).hasSize(3);
        assertThat(d.get("beta").partitions()).hasSize(2); // num.partitions
        assertThat(d.get("alpha").topicId().toString()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(d.get("alpha").partitions().get(0).leader().id()).isEqualTo(1);
        assertThat(d.get("alpha").partitions().get(0).isr()).extracting(Node::id).containsExactly(1);

        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("alpha", 1, (short) 1))).all().get())
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("gamma", 1, (short) 3))).all().get())
                .hasCauseInstanceOf(InvalidReplicationFactorException.class);

        admin.createPartitions(Map.of("alpha", NewPartitions.increaseTo(5))).all().get();
        assertThat(admin.describeTopics(List.of("alpha")).allTopicNames().get().get("alpha").partitions()).hasSize(5);

        admin.deleteTopics(List.of("alpha")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("alpha");
        assertThatThrownBy(() -> admin.describeTopics(List.of("alpha")).allTopicNames().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("dry-run", 1, (short) 1)),
                new CreateTopicsOptions().validateOnly(true)).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");
    }

    @Test
    void topicConfigsHaveSourcesAndCanBeAltered() throws Exception {
        admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact", "segment.bytes", "1048576")))).all().get();
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
        Config config = admin.describeConfigs(List.of(res), new DescribeConfigsOptions().includeSynonyms(true))
                .all().get().get(res);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(48L * 3600 * 1000));
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("retention.ms").synonyms()).extracting(ConfigEntry.ConfigSynonym::name)
                .contains("log.retention.hours");
        assertThat(config.get("max.message.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        admin.incrementalAlterConfigs(Map.of(res, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND))))
                .all().get();
        Config altered = admin.describeConfigs(List.of(res)).all().get().get(res);
        assertThat(altered.get("retention.ms").value()).isEqualTo("1000");
        assertThat(altered.get("cleanup.policy").value()).isEqualTo("compact,delete");

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(res, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad-config", 1, (short) 1)
                .configs(Map.of("no.such.key", "1")))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no.such.key");
    }

    @Test
    void describesTheBrokerAndItsConfigs() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = cluster.nodes().get();
        assertThat(nodes).extracting(Node::id).containsExactly(1);
        assertThat(nodes.iterator().next().port()).isEqualTo(broker.port());
        assertThat(cluster.controller().get().id()).isEqualTo(1);
        assertThat(cluster.clusterId().get()).isNotBlank();

        ConfigResource res = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config = admin.describeConfigs(List.of(res)).all().get().get(res);
        assertThat(config.get("log.retention.hours").value()).isEqualTo("48");
        assertThat(config.get("log.retention.hours").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("auto.create.topics.enable").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void deleteRecordsRaisesTheLowWatermark() throws Exception {
        admin.createTopics(List.of(new NewTopic("purge", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("purge", "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("purge", 0);
        long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(30))).lowWatermarks().get(tp).get()
                .lowWatermark();
        assertThat(low).isEqualTo(30);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset())
                .isEqualTo(30);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset())
                .isEqualTo(50);
        try (var consumer = broker.consumer(Map.of())) {
            var got = Records.readAll(consumer, List.of(tp), 20);
            assertThat(got).hasSize(20);
            assertThat(got.get(0).offset()).isEqualTo(30);
        }
        ExecutionException beyond = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(51))).all().get());
        assertThat(beyond.getCause().getClass().getSimpleName()).isEqualTo("OffsetOutOfRangeException");
    }

    @Test
    void listOffsetsByTimestampAndMaxTimestamp() throws Exception {
        admin.createTopics(List.of(new NewTopic("times", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("times", 0, 1_000L * (i + 1), null, "v" + i)).get();
            }
        }
        TopicPartition tp = new TopicPartition("times", 0);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(4_500))).partitionResult(tp).get().offset())
                .isEqualTo(4);
        var max = admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp).get();
        assertThat(max.offset()).isEqualTo(9);
        assertThat(max.timestamp()).isEqualTo(10_000);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(99_999))).partitionResult(tp).get().offset())
                .isEqualTo(-1);
    }
}
