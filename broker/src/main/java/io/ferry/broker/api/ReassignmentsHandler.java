package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

import org.apache.kafka.common.acl.AclOperation;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.controller.Controller;
import io.ferry.broker.controller.Reassignment;
import io.ferry.broker.network.RequestContext;

/**
 * AlterPartitionReassignments 0-1 and ListPartitionReassignments 0 (kafka-reassign-partitions,
 * Admin.alterPartitionReassignments): run by the active controller; other brokers answer NOT_CONTROLLER. A
 * single-node broker accepts a "reassignment" to the replicas a partition already has (nothing to move), refuses any
 * other replica list (no such broker) and never has one in progress. Altering needs ALTER on the cluster, listing
 * DESCRIBE.
 */
public final class ReassignmentsHandler implements ApiFamily {

    private final ClusterMetadata metadata;
    private final Supplier<Optional<Controller>> controller;
    private final Authorization authz;

    /** @param controller this broker's controller; empty on a single-node broker */
    public ReassignmentsHandler(ClusterMetadata metadata, Supplier<Optional<Controller>> controller,
                                Authorization authz) {
        this.authz = authz;
        this.metadata = metadata;
        this.controller = controller;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 1,
                AuthGuard.cluster(authz, AclOperation.ALTER, this::alter));
        registry.register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0,
                AuthGuard.cluster(authz, AclOperation.DESCRIBE, this::list));
    }

    private CompletableFuture<AbstractResponse> alter(RequestContext ctx, AlterPartitionReassignmentsRequest request) {
        AlterPartitionReassignmentsRequestData req = request.data();
        Map<TopicPartition, Optional<List<Integer>>> targets = new LinkedHashMap<>();
        req.topics().forEach(t -> t.partitions().forEach(p -> targets.put(new TopicPartition(t.name(),
                p.partitionIndex()), Optional.ofNullable(p.replicas()).map(List::copyOf))));
        boolean allowRf = req.allowReplicationFactorChange();
        Optional<Controller> c = controller.get();
        if (c.isEmpty()) {
            Map<TopicPartition, ApiError> out = new LinkedHashMap<>();
            targets.forEach((tp, target) -> out.put(tp, singleNode(tp, target)));
            return ApiHandler.done(altered(out, ApiError.NONE, allowRf));
        }
        if (!c.get().isActive()) {
            return ApiHandler.done(altered(Map.of(), new ApiError(Errors.NOT_CONTROLLER, null), allowRf));
        }
        return c.get().alterReassignments(targets, allowRf).handle((result, error) -> error == null
                ? altered(result, ApiError.NONE, allowRf)
                : altered(Map.of(), ApiError.fromThrowable(error.getCause() != null ? error.getCause() : error),
                        allowRf));
    }

    private ApiError singleNode(TopicPartition tp, Optional<List<Integer>> target) {
        Optional<PartitionState> p = metadata.topic(tp.topic()).flatMap(t -> t.partitions().stream()
                .filter(s -> s.partition() == tp.partition()).findFirst());
        if (p.isEmpty()) {
            return new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unknown partition " + tp);
        }
        if (target.isEmpty()) {
            return new ApiError(Errors.NO_REASSIGNMENT_IN_PROGRESS, "No reassignment of " + tp + " is in progress");
        }
        if (target.get().equals(p.get().replicas())) {
            return ApiError.NONE;
        }
        return new ApiError(Errors.INVALID_REPLICA_ASSIGNMENT, "Replicas " + target.get()
                + " are not brokers of this single-node cluster");
    }

    private static AlterPartitionReassignmentsResponse altered(Map<TopicPartition, ApiError> results, ApiError top,
                                                               boolean allowRf) {
        AlterPartitionReassignmentsResponseData data = new AlterPartitionReassignmentsResponseData()
                .setErrorCode(top.error().code()).setErrorMessage(top.message())
                .setAllowReplicationFactorChange(allowRf);
        Map<String, ReassignableTopicResponse> byTopic = new LinkedHashMap<>();
        results.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), t -> new ReassignableTopicResponse().setName(t))
                .partitions().add(new ReassignablePartitionResponse().setPartitionIndex(tp.partition())
                        .setErrorCode(e.error().code()).setErrorMessage(e.isSuccess() ? null : e.message())));
        data.responses().addAll(byTopic.values());
        return new AlterPartitionReassignmentsResponse(data);
    }

    private CompletableFuture<AbstractResponse> list(RequestContext ctx, ListPartitionReassignmentsRequest request) {
        Optional<Set<TopicPartition>> wanted = Optional.empty();
        if (request.data().topics() != null) {
            Set<TopicPartition> set = new java.util.HashSet<>();
            request.data().topics().forEach(t -> t.partitionIndexes()
                    .forEach(p -> set.add(new TopicPartition(t.name(), p))));
            wanted = Optional.of(set);
        }
        Optional<Controller> c = controller.get();
        if (c.isEmpty()) {
            return ApiHandler.done(listed(Map.of(), ApiError.NONE));
        }
        if (!c.get().isActive()) {
            return ApiHandler.done(listed(Map.of(), new ApiError(Errors.NOT_CONTROLLER, null)));
        }
        return c.get().listReassignments(wanted).handle((result, error) -> error == null
                ? listed(result, ApiError.NONE)
                : listed(Map.of(), ApiError.fromThrowable(error.getCause() != null ? error.getCause() : error)));
    }

    private static ListPartitionReassignmentsResponse listed(Map<TopicPartition, Reassignment> ongoing,
                                                             ApiError top) {
        ListPartitionReassignmentsResponseData data = new ListPartitionReassignmentsResponseData()
                .setErrorCode(top.error().code()).setErrorMessage(top.message());
        Map<String, OngoingTopicReassignment> byTopic = new LinkedHashMap<>();
        ongoing.forEach((tp, r) -> byTopic.computeIfAbsent(tp.topic(), t -> new OngoingTopicReassignment().setName(t))
                .partitions().add(new OngoingPartitionReassignment().setPartitionIndex(tp.partition())
                        .setReplicas(new ArrayList<>(r.replicas())).setAddingReplicas(new ArrayList<>(r.adding()))
                        .setRemovingReplicas(new ArrayList<>(r.removing()))));
        data.topics().addAll(byTopic.values());
        return new ListPartitionReassignmentsResponse(data);
    }
}
