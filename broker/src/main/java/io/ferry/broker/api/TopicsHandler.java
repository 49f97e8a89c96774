package io.ferry.broker.api;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.TopicConfigs;
import io.ferry.broker.network.RequestContext;

/**
 * CreateTopics 2-7, DeleteTopics 1-6 and CreatePartitions 0-3. Creating needs CREATE on the cluster or the topic
 * (and DESCRIBE_CONFIGS on it to see its configs), deleting DELETE on the cluster or the topic, adding partitions
 * ALTER on the topic; a denied topic gets TOPIC_AUTHORIZATION_FAILED.
 */
public final class TopicsHandler implements ApiFamily {

    private final ClusterMetadata metadata;
    private final BrokerConfig config;
    private final java.util.concurrent.Executor admin;
    private final Authorization authz;

    /** @param admin where the topic APIs run in a cluster (they wait for ZooKeeper); null to run in place */
    public TopicsHandler(ClusterMetadata metadata, BrokerConfig config, java.util.concurrent.Executor admin,
                         Authorization authz) {
        this.metadata = metadata;
        this.config = config;
        this.admin = admin;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.CREATE_TOPICS, 2, 7, ApiHandler.on(admin,
                (RequestContext ctx, CreateTopicsRequest r) -> ApiHandler.done(createTopics(ctx, r))));
        registry.register(ApiKeys.DELETE_TOPICS, 1, 6, ApiHandler.on(admin,
                (RequestContext ctx, DeleteTopicsRequest r) -> ApiHandler.done(deleteTopics(ctx, r))));
        registry.register(ApiKeys.CREATE_PARTITIONS, 0, 3, ApiHandler.on(admin,
                (RequestContext ctx, CreatePartitionsRequest r) -> ApiHandler.done(createPartitions(ctx, r))));
    }

    /** The topics among {@code names} allowed {@code op}: all of them with {@code op} on the cluster. */
    private Set<String> allowed(RequestContext ctx, AclOperation op, boolean orCluster, List<String> names) {
        if (orCluster && authz.allowedQuietly(ctx, op, ResourceType.CLUSTER, Resource.CLUSTER_NAME)) {
            return new HashSet<>(names);
        }
        return authz.allowedNames(ctx, op, ResourceType.TOPIC, names, true);
    }

    private CreateTopicsResponse createTopics(RequestContext ctx, CreateTopicsRequest request) {
        CreateTopicsResponseData resp = new CreateTopicsResponseData();
        List<String> names = request.data().topics().stream().map(CreatableTopic::name).toList();
        Set<String> creatable = allowed(ctx, AclOperation.CREATE, true, names);
        Set<String> configsVisible = authz.allowedNames(ctx, AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC,
                names, false);
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        for (CreatableTopic t : request.data().topics()) {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        }
        for (CreatableTopic t : request.data().topics()) {
            CreatableTopicResult result = new CreatableTopicResult().setName(t.name())
                    .setNumPartitions(-1).setReplicationFactor((short) -1);
            if (duplicated.contains(t.name())) {
                if (resp.topics().find(t.name()) == null) {
                    resp.topics().add(result.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Topic '" + t.name() + "' appears more than once in the request."));
                }
                continue;
            }
            if (!creatable.contains(t.name())) {
                resp.topics().add(result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("Authorization failed."));
                continue;
            }
            try {
                TopicMetadata created = createTopic(t, request.data().validateOnly());
                result.setTopicId(created.id())
                        .setNumPartitions(created.partitions().size())
                        .setReplicationFactor((short) created.replicationFactor());
                if (request.version() >= 5 && !configsVisible.contains(t.name())) {
                    result.setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else if (request.version() >= 5) {
                    TopicConfigs.resolveAll(created.configs(), config).values().forEach(r ->
                            result.configs().add(new CreatableTopicConfigs().setName(r.name()).setValue(r.value())
                                    .setReadOnly(false).setIsSensitive(false)
                                    .setConfigSource(ConfigSources.of(r.source()).id())));
                }
                if (request.data().validateOnly()) {
                    result.setTopicId(Uuid.ZERO_UUID);
                }
            } catch (ApiException e) {
                ApiError error = ApiError.fromThrowable(e);
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            resp.topics().add(result);
        }
        return new CreateTopicsResponse(resp);
    }

    private TopicMetadata createTopic(CreatableTopic t, boolean validateOnly) {
        Map<String, String> configs = new HashMap<>();
        t.configs().forEach(c -> configs.put(c.name(), c.value()));
        int partitions = t.numPartitions();
        int rf = t.replicationFactor();
        if (!t.assignments().isEmpty()) {
            if (partitions != -1 || rf != -1) {
                throw new InvalidReplicaAssignmentException("Topic '" + t.name() + "': give either a replica "
                        + "assignment or partitions and replication factor, not both.");
            }
            Map<Integer, List<Integer>> assignment = new java.util.TreeMap<>();
            for (CreatableReplicaAssignment a : t.assignments()) {
                assignment.put(a.partitionIndex(), List.copyOf(a.brokerIds()));
            }
            return metadata.createTopic(t.name(), assignment, configs, validateOnly);
        }
        return metadata.createTopic(t.name(), partitions, rf, configs, validateOnly);
    }

    private DeleteTopicsResponse deleteTopics(RequestContext ctx, DeleteTopicsRequest request) {
        DeleteTopicsResponseData resp = new DeleteTopicsResponseData();
        List<DeleteTopicsRequestData.DeleteTopicState> targets = request.version() >= 6
                ? request.data().topics()
                : request.data().topicNames().stream()
                        .map(n -> new DeleteTopicsRequestData.DeleteTopicState().setName(n)).toList();
        for (DeleteTopicsRequestData.DeleteTopicState target : targets) {
            DeletableTopicResult result = new DeletableTopicResult().setName(target.name())
                    .setTopicId(target.topicId() == null ? Uuid.ZERO_UUID : target.topicId());
            String name = target.name();
            if (name == null) {
                TopicMetadata byId = metadata.topic(target.topicId()).orElse(null);
                if (byId == null) {
                    resp.responses().add(result.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                            .setErrorMessage("No topic with id " + target.topicId()));
                    continue;
                }
                name = byId.name();
                result.setName(name);
            }
            if (allowed(ctx, AclOperation.DELETE, true, List.of(name)).isEmpty()) {
                resp.responses().add(result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("Authorization failed."));
                continue;
            }
            if (!config.deleteTopicEnable()) {
                resp.responses().add(result.setErrorCode(Errors.TOPIC_DELETION_DISABLED.code())
                        .setErrorMessage("Topic deletion is disabled (delete.topic.enable=false)"));
                continue;
            }
            try {
                TopicMetadata deleted = metadata.deleteTopic(name);
                result.setTopicId(deleted.id());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            resp.responses().add(result);
        }
        return new DeleteTopicsResponse(resp);
    }

    private CreatePartitionsResponse createPartitions(RequestContext ctx, CreatePartitionsRequest request) {
        CreatePartitionsResponseData resp = new CreatePartitionsResponseData();
        Set<String> alterable = allowed(ctx, AclOperation.ALTER, false, request.data().topics().stream()
                .map(CreatePartitionsRequestData.CreatePartitionsTopic::name).toList());
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.data().topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                    new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name());
            if (!alterable.contains(t.name())) {
                resp.results().add(result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("Authorization failed."));
                continue;
            }
            try {
                metadata.createPartitions(t.name(), t.count(), request.data().validateOnly());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            resp.results().add(result);
        }
        return new CreatePartitionsResponse(resp);
    }
}
