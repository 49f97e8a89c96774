package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.BASE_TS;
import static io.ferry.broker.it.ConformanceFixture.RECORDS;
import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.ProduceResponse;

/** Conformance calls of the data-path APIs: ApiVersions, Metadata, DescribeCluster, Produce, Fetch and offsets. */
final class DataApiCalls {

    private DataApiCalls() {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.API_VERSIONS, DataApiCalls::apiVersions);
        steps.put(ApiKeys.METADATA, (c, v) -> metadata(c, v, f));
        steps.put(ApiKeys.DESCRIBE_CLUSTER, (c, v) -> {
            DescribeClusterResponse r = c.call(ApiKeys.DESCRIBE_CLUSTER, v, new DescribeClusterRequestData());
            assertThat(r.data().brokers()).hasSize(1);
        });
        steps.put(ApiKeys.PRODUCE, DataApiCalls::produce);
        steps.put(ApiKeys.FETCH, DataApiCalls::fetch);
        steps.put(ApiKeys.LIST_OFFSETS, DataApiCalls::listOffsets);
        steps.put(ApiKeys.OFFSET_FOR_LEADER_EPOCH, DataApiCalls::leaderEpoch);
    }

    private static void apiVersions(VersionedClient c, short v) throws Exception {
        ApiVersionsRequestData d = new ApiVersionsRequestData();
        if (v >= 3) {
            d.setClientSoftwareName("ferry-conformance").setClientSoftwareVersion("1.0");
        }
        ApiVersionsResponse r = c.call(ApiKeys.API_VERSIONS, v, d);
        assertThat(r.data().apiKeys().find(ApiKeys.LIST_OFFSETS.id)).isNotNull();
    }

    private static void metadata(VersionedClient c, short v, ConformanceFixture f) throws Exception {
        MetadataRequestData named = new MetadataRequestData().setTopics(
                new ArrayList<>(List.of(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC))));
        MetadataRequestData all = new MetadataRequestData().setTopics(v == 0 ? new ArrayList<>() : null);
        for (MetadataRequestData d : List.of(named, all)) {
            if (v >= 4) {
                d.setAllowAutoTopicCreation(false);
            }
            MetadataResponse r = c.call(ApiKeys.METADATA, v, d);
            MetadataResponseTopic t = r.data().topics().find(TOPIC);
            assertThat(t).as("topic in metadata v" + v).isNotNull();
            assertThat(t.partitions()).hasSize(1);
            assertThat(t.partitions().get(0).leaderId()).isEqualTo(f.nodeId);
            assertThat(r.data().brokers()).hasSize(1);
        }
        if (v >= 10) {
            Uuid id = f.admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId();
            MetadataResponse byId = c.call(ApiKeys.METADATA, v, new MetadataRequestData().setTopics(topicIds(id)));
            assertThat(byId.data().topics().iterator().next().name()).isEqualTo(TOPIC);
            MetadataResponse unknown = c.call(ApiKeys.METADATA, v,
                    new MetadataRequestData().setTopics(topicIds(Uuid.randomUuid())));
            assertThat(Errors.forCode(unknown.data().topics().iterator().next().errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        }
    }

    private static List<MetadataRequestData.MetadataRequestTopic> topicIds(Uuid id) {
        return new ArrayList<>(List.of(new MetadataRequestData.MetadataRequestTopic().setTopicId(id).setName(null)));
    }

    private static void produce(VersionedClient c, short v) throws Exception {
        String topic = ConformanceFixture.PRODUCE_TOPIC;
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(System.currentTimeMillis(), ("k" + v).getBytes(), ("v" + v).getBytes()));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(new ArrayList<>(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records)))));
        ProduceResponse r = c.call(ApiKeys.PRODUCE, v,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
        var p = r.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
        assertThat(p.baseOffset()).isNotNegative();
    }

    private static void fetch(VersionedClient c, short v) throws Exception {
        FetchRequestData.FetchPartition p = new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                .setPartitionMaxBytes(1 << 20);
        FetchRequestData d = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setTopics(new ArrayList<>(List.of(
                        new FetchRequestData.FetchTopic().setTopic(TOPIC).setPartitions(new ArrayList<>(List.of(p))))));
        d.topics().get(0).partitions().add(new FetchRequestData.FetchPartition().setPartition(7)
                .setPartitionMaxBytes(1 << 20));
        FetchResponse r = c.call(ApiKeys.FETCH, v, d);
        var pd = r.data().responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(pd.errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(r.data().responses().get(0).partitions().get(1).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(pd.highWatermark()).isEqualTo(RECORDS);
        assertThat(pd.records().sizeInBytes()).isPositive();
    }

    private static void listOffsets(VersionedClient c, short v) throws Exception {
        assertThat(listOffset(c, v, ListOffsetsRequest.EARLIEST_TIMESTAMP, 0).offset()).isZero();
        ListOffsetsPartitionResponse latest = listOffset(c, v, ListOffsetsRequest.LATEST_TIMESTAMP, 0);
        assertThat(latest.offset()).isEqualTo(RECORDS);
        assertThat(latest.leaderEpoch()).isEqualTo(v >= 4 ? 0 : -1);
        if (v >= 2) {
            assertThat(listOffset(c, v, ListOffsetsRequest.LATEST_TIMESTAMP, 1).offset()).isEqualTo(RECORDS);
        }
        ListOffsetsPartitionResponse byTime = listOffset(c, v, BASE_TS + 1500, 0);
        assertThat(byTime.offset()).isEqualTo(2);
        assertThat(byTime.timestamp()).isEqualTo(BASE_TS + 2000);
        assertThat(listOffset(c, v, BASE_TS + 60_000, 0).offset()).isEqualTo(-1);
        assertThat(Errors.forCode(listOffsetOf(c, v, 7, ListOffsetsRequest.LATEST_TIMESTAMP, 0).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        if (v >= 7) {
            ListOffsetsPartitionResponse max = listOffset(c, v, ListOffsetsRequest.MAX_TIMESTAMP, 0);
            assertThat(max.offset()).isEqualTo(RECORDS - 1);
            assertThat(max.timestamp()).isEqualTo(BASE_TS + (RECORDS - 1) * 1000L);
        }
    }

    private static ListOffsetsPartitionResponse listOffset(VersionedClient c, short v, long timestamp, int isolation)
            throws Exception {
        ListOffsetsPartitionResponse p = listOffsetOf(c, v, 0, timestamp, isolation);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
        return p;
    }

    private static ListOffsetsPartitionResponse listOffsetOf(VersionedClient c, short v, int partition,
                                                             long timestamp, int isolation) throws Exception {
        ListOffsetsRequestData d = new ListOffsetsRequestData().setReplicaId(-1).setTopics(new ArrayList<>(List.of(
                new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(new ArrayList<>(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                                .setTimestamp(timestamp)))))));
        if (v >= 2) {
            d.setIsolationLevel(isolation == 1 ? IsolationLevel.READ_COMMITTED.id() : IsolationLevel.READ_UNCOMMITTED.id());
        }
        ListOffsetsResponse r = c.call(ApiKeys.LIST_OFFSETS, v, d);
        return r.data().topics().get(0).partitions().get(0);
    }

    private static void leaderEpoch(VersionedClient c, short v) throws Exception {
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(TOPIC).setPartitions(
                new ArrayList<>(List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                        .setPartition(0).setLeaderEpoch(0)))));
        OffsetForLeaderEpochRequestData d = new OffsetForLeaderEpochRequestData().setTopics(topics);
        if (v >= 3) {
            d.setReplicaId(-1);
        }
        OffsetsForLeaderEpochResponse r = c.call(ApiKeys.OFFSET_FOR_LEADER_EPOCH, v, d);
        var p = r.data().topics().iterator().next().partitions().get(0);
        assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
        assertThat(p.endOffset()).isEqualTo(RECORDS);
    }
}
