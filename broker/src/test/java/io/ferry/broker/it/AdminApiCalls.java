package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/** Conformance calls of the topic and configuration APIs, each on a topic of its own made for it. */
final class AdminApiCalls {

    private AdminApiCalls() {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.CREATE_TOPICS, (c, v) -> {
            CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName("conf-ct-" + v).setNumPartitions(2)
                    .setReplicationFactor((short) 1));
            assertNoErrors(c.call(ApiKeys.CREATE_TOPICS, v,
                    new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(10_000)).errorCounts());
        });
        steps.put(ApiKeys.DELETE_TOPICS, (c, v) -> {
            String name = "conf-dt-" + v;
            f.createTopic(name, 1);
            DeleteTopicsRequestData d = new DeleteTopicsRequestData().setTimeoutMs(10_000);
            if (v >= 6) {
                d.setTopics(new ArrayList<>(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName(name)
                        .setTopicId(Uuid.ZERO_UUID))));
            } else {
                d.setTopicNames(new ArrayList<>(List.of(name)));
            }
            assertNoErrors(c.call(ApiKeys.DELETE_TOPICS, v, d).errorCounts());
        });
        steps.put(ApiKeys.CREATE_PARTITIONS, (c, v) -> {
            String name = "conf-cp-" + v;
            f.createTopic(name, 1);
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(name).setCount(3)
                    .setAssignments(null));
            assertNoErrors(c.call(ApiKeys.CREATE_PARTITIONS, v,
                    new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(10_000)).errorCounts());
        });
        steps.put(ApiKeys.ELECT_LEADERS, (c, v) -> {
            ElectLeadersRequestData d = new ElectLeadersRequestData().setElectionType((byte) 0).setTimeoutMs(10_000);
            d.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions().setTopic(TOPIC)
                    .setPartitions(new ArrayList<>(List.of(0))));
            ElectLeadersResponse r = c.call(ApiKeys.ELECT_LEADERS, v, d);
            var p = r.data().replicaElectionResults().iterator().next().partitionResult().get(0);
            // A single node's partitions always have their preferred leader.
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        });
        steps.put(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (c, v) -> {
            DescribeTopicPartitionsRequestData d = new DescribeTopicPartitionsRequestData();
            d.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName(TOPIC));
            DescribeTopicPartitionsResponse r = c.call(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, v, d);
            var topic = r.data().topics().iterator().next();
            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.NONE);
            assertThat(topic.name()).isEqualTo(TOPIC);
            assertThat(topic.partitions()).isNotEmpty().allSatisfy(p -> assertThat(p.leaderId()).isNotNegative());
        });
        steps.put(ApiKeys.DESCRIBE_LOG_DIRS, (c, v) -> {
            DescribeLogDirsResponse r = c.call(ApiKeys.DESCRIBE_LOG_DIRS, v,
                    new DescribeLogDirsRequestData().setTopics(null));
            var dir = r.data().results().get(0);
            assertThat(Errors.forCode(dir.errorCode())).isEqualTo(Errors.NONE);
            var topic = dir.topics().stream().filter(t -> t.name().equals(TOPIC)).findFirst().orElseThrow();
            assertThat(topic.partitions()).allSatisfy(p -> {
                assertThat(p.partitionSize()).isGreaterThanOrEqualTo(0);
                assertThat(p.offsetLag()).isZero();
                assertThat(p.isFutureKey()).isFalse();
            });
            if (v >= 4) {
                assertThat(dir.totalBytes()).isPositive();
                assertThat(dir.usableBytes()).isBetween(0L, dir.totalBytes());
            }
        });
        steps.put(ApiKeys.DELETE_RECORDS, (c, v) -> {
            String name = "conf-dr-" + v;
            f.createTopic(name, 1);
            try (var producer = f.broker.producer(Map.of())) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(name, "k", "v" + i)).get();
                }
            }
            DeleteRecordsResponse r = c.call(ApiKeys.DELETE_RECORDS, v, new DeleteRecordsRequestData()
                    .setTimeoutMs(10_000).setTopics(new ArrayList<>(List.of(new DeleteRecordsRequestData
                            .DeleteRecordsTopic().setName(name).setPartitions(new ArrayList<>(List.of(
                                    new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0)
                                            .setOffset(2))))))));
            var p = r.data().topics().iterator().next().partitions().iterator().next();
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
            assertThat(p.lowWatermark()).isEqualTo(2);
        });
        steps.put(ApiKeys.DESCRIBE_CONFIGS, (c, v) -> {
            DescribeConfigsRequestData d = new DescribeConfigsRequestData().setIncludeSynonyms(true)
                    .setResources(new ArrayList<>(List.of(
                            describe(ConfigResource.Type.TOPIC, TOPIC),
                            describe(ConfigResource.Type.BROKER, String.valueOf(f.nodeId)))));
            if (v >= 3) {
                d.setIncludeDocumentation(true);
            }
            DescribeConfigsResponse r = c.call(ApiKeys.DESCRIBE_CONFIGS, v, d);
            assertThat(r.data().results()).hasSize(2).allSatisfy(res -> {
                assertThat(Errors.forCode(res.errorCode())).isEqualTo(Errors.NONE);
                assertThat(res.configs()).isNotEmpty();
            });
        });
        steps.put(ApiKeys.ALTER_CONFIGS, (c, v) -> {
            String name = "conf-ac-" + v;
            f.createTopic(name, 1);
            AlterConfigsRequestData.AlterConfigsResourceCollection res =
                    new AlterConfigsRequestData.AlterConfigsResourceCollection();
            AlterConfigsRequestData.AlterableConfigCollection configs =
                    new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("86400000"));
            res.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                    .setResourceName(name).setConfigs(configs));
            assertNoErrors(c.call(ApiKeys.ALTER_CONFIGS, v, new AlterConfigsRequestData().setResources(res))
                    .errorCounts());
        });
        steps.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, (c, v) -> {
            String name = "conf-iac-" + v;
            f.createTopic(name, 1);
            IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection res =
                    new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
            IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                    new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                    .setConfigOperation((byte) 0).setValue("86400000"));
            res.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(name).setConfigs(configs));
            assertNoErrors(c.call(ApiKeys.INCREMENTAL_ALTER_CONFIGS, v,
                    new IncrementalAlterConfigsRequestData().setResources(res)).errorCounts());
        });
    }

    private static DescribeConfigsRequestData.DescribeConfigsResource describe(ConfigResource.Type type, String name) {
        return new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(type.id())
                .setResourceName(name).setConfigurationKeys(null);
    }

    static void assertNoErrors(Map<Errors, Integer> counts) {
        assertThat(counts.keySet()).allMatch(e -> e == Errors.NONE, "only NONE");
    }
}
