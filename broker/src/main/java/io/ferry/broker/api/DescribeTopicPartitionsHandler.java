package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.network.RequestContext;

/**
 * DescribeTopicPartitions 0 (KIP-966's paginated describe, which Kafka 4.x's admin client uses for describeTopics):
 * the requested topics, or all of them, sorted by name, from the cursor on, with at most
 * {@code responsePartitionLimit} partitions (capped at {@value #MAX_PARTITIONS}, Kafka's
 * {@code max.request.partition.size.limit}); the first partition left out is the next cursor.
 */
public final class DescribeTopicPartitionsHandler implements ApiFamily {

    static final int MAX_PARTITIONS = 2000;

    private final ClusterMetadata metadata;
    private final Authorization authz;

    public DescribeTopicPartitionsHandler(ClusterMetadata metadata, Authorization authz) {
        this.metadata = metadata;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, 0,
                (RequestContext ctx, DescribeTopicPartitionsRequest r) -> ApiHandler.done(describe(ctx, r)));
    }

    private DescribeTopicPartitionsResponse describe(RequestContext ctx, DescribeTopicPartitionsRequest request) {
        DescribeTopicPartitionsRequestData req = request.data();
        DescribeTopicPartitionsResponseData resp = new DescribeTopicPartitionsResponseData();
        TreeMap<String, Optional<TopicMetadata>> topics = new TreeMap<>();
        boolean all = req.topics().isEmpty();
        if (all) {
            metadata.topics().forEach(t -> topics.put(t.name(), Optional.of(t)));
        } else {
            req.topics().forEach(t -> topics.put(t.name(), metadata.topic(t.name())));
        }
        // Topics the principal may not describe: left out of a listing, TOPIC_AUTHORIZATION_FAILED when named.
        Set<String> describable = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC,
                topics.keySet(), !all);
        DescribeTopicPartitionsRequestData.Cursor cursor = req.cursor();
        if (cursor != null && !req.topics().isEmpty() && !topics.containsKey(cursor.topicName())) {
            throw new org.apache.kafka.common.errors.InvalidRequestException("The cursor topic "
                    + cursor.topicName() + " is not among the requested topics");
        }
        int budget = Math.max(1, Math.min(req.responsePartitionLimit(), MAX_PARTITIONS));
        var entries = cursor == null ? topics.entrySet() : topics.tailMap(cursor.topicName(), true).entrySet();
        for (var e : entries) {
            if (!describable.contains(e.getKey())) {
                if (!all) {
                    resp.topics().add(new DescribeTopicPartitionsResponseTopic().setName(e.getKey())
                            .setTopicId(Uuid.ZERO_UUID).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                }
                continue;
            }
            if (e.getValue().isEmpty()) {
                resp.topics().add(missing(e.getKey()));
                continue;
            }
            TopicMetadata t = e.getValue().get();
            int from = cursor != null && t.name().equals(cursor.topicName()) ? Math.max(0, cursor.partitionIndex()) : 0;
            if (budget == 0) {
                resp.setNextCursor(new Cursor().setTopicName(t.name()).setPartitionIndex(from));
                break;
            }
            DescribeTopicPartitionsResponseTopic topic = new DescribeTopicPartitionsResponseTopic()
                    .setName(t.name()).setTopicId(t.id()).setIsInternal(t.isInternal())
                    .setErrorCode(Errors.NONE.code())
                    .setTopicAuthorizedOperations(authz.operations(ctx, ResourceType.TOPIC, t.name()));
            List<PartitionState> parts = t.partitions();
            int p = from;
            for (; p < parts.size() && budget > 0; p++, budget--) {
                topic.partitions().add(partition(parts.get(p)));
            }
            resp.topics().add(topic);
            if (p < parts.size()) {
                resp.setNextCursor(new Cursor().setTopicName(t.name()).setPartitionIndex(p));
                break;
            }
        }
        return new DescribeTopicPartitionsResponse(resp);
    }

    private static DescribeTopicPartitionsResponseTopic missing(String name) {
        Errors error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            error = Errors.INVALID_TOPIC_EXCEPTION;
        }
        return new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(error.code());
    }

    private DescribeTopicPartitionsResponsePartition partition(PartitionState p) {
        LivePartition live = LivePartition.of(metadata, p);
        return new DescribeTopicPartitionsResponsePartition()
                .setErrorCode(live.errorCode())
                .setPartitionIndex(p.partition())
                .setLeaderId(live.leaderId())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(new ArrayList<>(p.replicas()))
                .setIsrNodes(new ArrayList<>(p.isr()))
                // No eligible leader replicas (KIP-966) yet: empty lists, as Kafka sends with ELR off (clients
                // reading this API require the lists).
                .setEligibleLeaderReplicas(new ArrayList<>())
                .setLastKnownElr(new ArrayList<>())
                .setOfflineReplicas(live.offlineReplicas());
    }
}
