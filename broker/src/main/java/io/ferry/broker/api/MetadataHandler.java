package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.network.RequestContext;

/**
 * Metadata 0-12 (brokers, topics with ids, partitions with leaders and epochs; auto-creation of topics when both the
 * client and {@code auto.create.topics.enable} allow it) and DescribeCluster 0-1. Topics the principal may not
 * DESCRIBE are left out of a listing of all topics and answered TOPIC_AUTHORIZATION_FAILED when named; creating one
 * automatically needs CREATE on the cluster or the topic.
 */
public final class MetadataHandler implements ApiFamily {

    private final ClusterMetadata metadata;
    private final BrokerConfig config;
    private final java.util.concurrent.Executor admin;
    private final Authorization authz;

    /**
     * @param admin in a cluster, where automatic topic creation runs (it waits for ZooKeeper; the request is
     *     answered LEADER_NOT_AVAILABLE meanwhile, as Kafka does); null to create in place
     */
    public MetadataHandler(ClusterMetadata metadata, BrokerConfig config, java.util.concurrent.Executor admin,
                           Authorization authz) {
        this.metadata = metadata;
        this.config = config;
        this.admin = admin;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.METADATA, 0, 12,
                (RequestContext ctx, MetadataRequest r) -> ApiHandler.done(metadata(ctx, r)));
        registry.register(ApiKeys.DESCRIBE_CLUSTER, 0, 1,
                (RequestContext ctx, DescribeClusterRequest r) -> ApiHandler.done(describeCluster(ctx, r)));
    }

    private MetadataResponse metadata(RequestContext ctx, MetadataRequest request) {
        MetadataRequestData req = request.data();
        short version = request.version();
        MetadataResponseData resp = new MetadataResponseData()
                .setClusterId(metadata.clusterId())
                .setControllerId(metadata.controllerId());
        for (BrokerNode b : metadata.brokers(ctx.listenerName())) {
            resp.brokers().add(new MetadataResponseBroker().setNodeId(b.id()).setHost(b.host()).setPort(b.port())
                    .setRack(b.rack()));
        }
        if (request.isAllTopics()) {
            java.util.Collection<TopicMetadata> all = metadata.topics();
            java.util.Set<String> visible = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    names(all), false);
            for (TopicMetadata t : all) {
                if (visible.contains(t.name())) {
                    resp.topics().add(topic(t, version));
                }
            }
        } else {
            boolean autoCreate = config.autoCreateTopics() && (version < 4 || req.allowAutoTopicCreation());
            List<String> named = new ArrayList<>();
            for (MetadataRequestData.MetadataRequestTopic rt : req.topics()) {
                String name = rt.name() != null ? rt.name()
                        : metadata.topic(rt.topicId()).map(TopicMetadata::name).orElse(null);
                if (name != null) {
                    named.add(name);
                }
            }
            java.util.Set<String> describable = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    named, true);
            for (MetadataRequestData.MetadataRequestTopic rt : req.topics()) {
                resp.topics().add(requestedTopic(ctx, rt, autoCreate, version, describable));
            }
        }
        if (req.includeTopicAuthorizedOperations()) {
            resp.topics().forEach(t -> {
                if (t.errorCode() == Errors.NONE.code()) {
                    t.setTopicAuthorizedOperations(authz.operations(ctx, ResourceType.TOPIC, t.name()));
                }
            });
        }
        if (version >= 8 && version <= 10 && req.includeClusterAuthorizedOperations()) {
            resp.setClusterAuthorizedOperations(authz.operations(ctx, ResourceType.CLUSTER, Resource.CLUSTER_NAME));
        }
        return new MetadataResponse(resp, version);
    }

    private MetadataResponseTopic requestedTopic(RequestContext ctx, MetadataRequestData.MetadataRequestTopic rt,
                                                 boolean autoCreate, short version, java.util.Set<String> describable) {
        String name = rt.name();
        Optional<TopicMetadata> found = name != null ? metadata.topic(name)
                : metadata.topic(rt.topicId());
        String resolved = found.map(TopicMetadata::name).orElse(name);
        if (resolved != null && !describable.contains(resolved)) {
            return new MetadataResponseTopic().setName(name == null && version < 12 ? "" : name)
                    .setTopicId(found.map(TopicMetadata::id).filter(id -> version >= 10).orElse(Uuid.ZERO_UUID))
                    .setIsInternal(false).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        if (found.isPresent()) {
            return topic(found.get(), version);
        }
        // A topic's name may be null in the response from v12 on only; v10-11 requests may already ask by id.
        MetadataResponseTopic missing = new MetadataResponseTopic()
                .setName(name == null && version < 12 ? "" : name)
                .setTopicId(name == null ? rt.topicId() : Uuid.ZERO_UUID);
        if (name == null) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
        }
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            return missing.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code()).setIsInternal(false);
        }
        if (!autoCreate || Topic.isInternal(name)) {
            return missing.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        if (!authz.allowedQuietly(ctx, AclOperation.CREATE, ResourceType.CLUSTER, Resource.CLUSTER_NAME)
                && !authz.allowed(ctx, AclOperation.CREATE, ResourceType.TOPIC, name)) {
            return missing.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        }
        if (admin != null) {
            admin.execute(() -> {
                try {
                    metadata.createTopic(name, -1, -1, java.util.Map.of(), false);
                } catch (TopicExistsException raced) {
                    // created meanwhile
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(MetadataHandler.class)
                            .warn("Could not create topic {} automatically: {}", name, e.getMessage());
                }
            });
            return missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        try {
            return topic(metadata.createTopic(name, -1, -1, java.util.Map.of(), false), version);
        } catch (TopicExistsException raced) {
            return metadata.topic(name).map(t -> topic(t, version))
                    .orElse(missing.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()));
        } catch (RuntimeException e) {
            return missing.setErrorCode(Errors.forException(e).code());
        }
    }

    private MetadataResponseTopic topic(TopicMetadata t, short version) {
        MetadataResponseTopic topic = new MetadataResponseTopic()
                .setName(t.name())
                .setTopicId(version >= 10 ? t.id() : Uuid.ZERO_UUID)
                .setIsInternal(t.isInternal())
                .setErrorCode(Errors.NONE.code());
        for (PartitionState p : t.partitions()) {
            LivePartition live = LivePartition.of(metadata, p);
            topic.partitions().add(new MetadataResponsePartition()
                    .setErrorCode(live.errorCode())
                    .setPartitionIndex(p.partition())
                    .setLeaderId(live.leaderId())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(new ArrayList<>(p.replicas()))
                    .setIsrNodes(new ArrayList<>(p.isr()))
                    .setOfflineReplicas(live.offlineReplicas()));
        }
        return topic;
    }

    private DescribeClusterResponse describeCluster(RequestContext ctx, DescribeClusterRequest request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setClusterId(metadata.clusterId())
                .setControllerId(metadata.controllerId());
        if (request.data().includeClusterAuthorizedOperations()) {
            data.setClusterAuthorizedOperations(authz.operations(ctx, ResourceType.CLUSTER, Resource.CLUSTER_NAME));
        }
        for (BrokerNode b : metadata.brokers(ctx.listenerName())) {
            data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                    .setBrokerId(b.id()).setHost(b.host()).setPort(b.port()).setRack(b.rack()));
        }
        return new DescribeClusterResponse(data);
    }

    static List<String> names(Collection<TopicMetadata> topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.name()));
        return names;
    }
}
