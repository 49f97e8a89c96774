package io.ferry.broker.api;

import java.io.IOException;
import java.util.Optional;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.log.PartitionLog;
import io.ferry.broker.log.TimestampOffset;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * ListOffsets 1-7 (earliest, latest, max timestamp, by timestamp), OffsetForLeaderEpoch 2-4, DeleteRecords 0-2. A
 * topic needs DESCRIBE (OffsetForLeaderEpoch: or CLUSTER_ACTION on the cluster, as followers ask) or, to delete
 * records, DELETE; else its partitions get TOPIC_AUTHORIZATION_FAILED.
 */
public final class OffsetsHandler implements ApiFamily {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsHandler.class);

    private final PartitionManager partitions;
    private final Authorization authz;

    public OffsetsHandler(PartitionManager partitions, Authorization authz) {
        this.partitions = partitions;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.LIST_OFFSETS, 1, 7,
                (RequestContext ctx, ListOffsetsRequest r) -> ApiHandler.done(listOffsets(r, allowed(ctx,
                        AclOperation.DESCRIBE, r.data().topics().stream().map(t -> t.name())))));
        registry.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4,
                (RequestContext ctx, OffsetsForLeaderEpochRequest r) -> ApiHandler.done(epochs(r,
                        authz.allowedQuietly(ctx, AclOperation.CLUSTER_ACTION, ResourceType.CLUSTER,
                                org.apache.kafka.common.resource.Resource.CLUSTER_NAME) ? null
                                : allowed(ctx, AclOperation.DESCRIBE, r.data().topics().stream().map(t -> t.topic())))));
        registry.register(ApiKeys.DELETE_RECORDS, 0, 2,
                (RequestContext ctx, DeleteRecordsRequest r) -> ApiHandler.done(deleteRecords(r, allowed(ctx,
                        AclOperation.DELETE, r.data().topics().stream().map(t -> t.name())))));
    }

    private java.util.Set<String> allowed(RequestContext ctx, AclOperation op, java.util.stream.Stream<String> topics) {
        return authz.allowedNames(ctx, op, ResourceType.TOPIC, topics.toList(), true);
    }

    private ListOffsetsResponse listOffsets(ListOffsetsRequest request, java.util.Set<String> allowed) {
        boolean committed = request.data().isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        ListOffsetsResponseData resp = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic t : request.data().topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse tr =
                    new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(t.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                tr.partitions().add(allowed.contains(t.name())
                        ? listOffset(new TopicPartition(t.name(), p.partitionIndex()), p, committed)
                        : new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                                .setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1)
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            resp.topics().add(tr);
        }
        return new ListOffsetsResponse(forVersion(resp, request.version()));
    }

    /**
     * Drops what the request's version cannot carry: the leader epoch exists from v4 on, and kafka-clients refuses
     * to write a non-default value into a version without the field (librdkafka and kafkajs ask with v1-v3).
     */
    static ListOffsetsResponseData forVersion(ListOffsetsResponseData resp, short version) {
        if (version < 4) {
            resp.topics().forEach(t -> t.partitions().forEach(p -> p.setLeaderEpoch(-1)));
        }
        return resp;
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse listOffset(
            TopicPartition tp, ListOffsetsRequestData.ListOffsetsPartition p, boolean committed) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse pr =
                new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(tp.partition())
                        .setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        if (!partition.isLeader()) {
            return pr.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
        if (epochError != Errors.NONE) {
            return pr.setErrorCode(epochError.code());
        }
        PartitionLog log = partition.log();
        long hw = log.highWatermark();
        try {
            long ts = p.timestamp();
            if (ts == ListOffsetsRequest.LATEST_TIMESTAMP) {
                return pr.setOffset(committed ? partition.lastStableOffset() : hw).setLeaderEpoch(log.latestEpoch());
            }
            if (ts == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
                return pr.setOffset(log.logStartOffset());
            }
            Optional<TimestampOffset> found = ts == ListOffsetsRequest.MAX_TIMESTAMP
                    ? log.maxTimestamp() : log.offsetForTimestamp(ts);
            if (found.isPresent() && found.get().offset() < hw) {
                TimestampOffset f = found.get();
                return pr.setOffset(f.offset()).setTimestamp(f.timestamp()).setLeaderEpoch(f.leaderEpoch());
            }
            return pr;
        } catch (IOException e) {
            LOG.error("Could not look up offsets of {}: {}", tp, e.toString());
            return pr.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }

    /** @param allowed the topics that may be described, or null for all (a follower's request) */
    private OffsetsForLeaderEpochResponse epochs(OffsetsForLeaderEpochRequest request, java.util.Set<String> allowed) {
        OffsetForLeaderEpochResponseData resp = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : request.data().topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult tr =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(t.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                EpochEndOffset eo = new EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1)
                        .setEndOffset(-1);
                Partition partition = partitions.partition(new TopicPartition(t.topic(), p.partition())).orElse(null);
                if (allowed != null && !allowed.contains(t.topic())) {
                    eo.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (partition == null) {
                    eo.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
                    if (epochError != Errors.NONE) {
                        eo.setErrorCode(epochError.code());
                    } else {
                        io.ferry.broker.log.EpochEndOffset end = partition.log().endOffsetForEpoch(p.leaderEpoch());
                        eo.setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset());
                    }
                }
                tr.partitions().add(eo);
            }
            resp.topics().add(tr);
        }
        return new OffsetsForLeaderEpochResponse(resp);
    }

    private DeleteRecordsResponse deleteRecords(DeleteRecordsRequest request, java.util.Set<String> allowed) {
        DeleteRecordsResponseData resp = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : request.data().topics()) {
            DeleteRecordsResponseData.DeleteRecordsTopicResult tr =
                    new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(t.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                tr.partitions().add(allowed.contains(t.name())
                        ? deleteRecords(new TopicPartition(t.name(), p.partitionIndex()), p.offset())
                        : new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                                .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1)
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            resp.topics().add(tr);
        }
        return new DeleteRecordsResponse(resp);
    }

    private DeleteRecordsResponseData.DeleteRecordsPartitionResult deleteRecords(TopicPartition tp, long offset) {
        DeleteRecordsResponseData.DeleteRecordsPartitionResult pr =
                new DeleteRecordsResponseData.DeleteRecordsPartitionResult().setPartitionIndex(tp.partition())
                        .setLowWatermark(-1);
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        long hw = partition.log().highWatermark();
        long target = offset == -1 ? hw : offset;
        if (target < 0 || target > hw) {
            return pr.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
        }
        try {
            return pr.setLowWatermark(partition.deleteRecordsBefore(target));
        } catch (ApiException e) {
            return pr.setErrorCode(Errors.forException(e).code());
        } catch (IOException e) {
            LOG.error("Could not delete records of {}: {}", tp, e.toString());
            return pr.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }
}
