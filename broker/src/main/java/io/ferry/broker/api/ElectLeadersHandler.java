package io.ferry.broker.api;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;

import org.apache.kafka.common.acl.AclOperation;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.controller.Controller;
import io.ferry.broker.network.RequestContext;

/**
 * ElectLeaders 0-2 (kafka-leader-election, Admin.electLeaders): PREFERRED or UNCLEAN elections, run by the active
 * controller (others answer NOT_CONTROLLER, and the client finds the controller from Metadata). All partitions when
 * the request names none. A single-node broker's partitions need no election. Needs ALTER on the cluster.
 */
public final class ElectLeadersHandler implements ApiFamily {

    private final ClusterMetadata metadata;
    private final Supplier<Optional<Controller>> controller;
    private final Authorization authz;

    /** @param controller this broker's controller; empty on a single-node broker */
    public ElectLeadersHandler(ClusterMetadata metadata, Supplier<Optional<Controller>> controller,
                               Authorization authz) {
        this.authz = authz;
        this.metadata = metadata;
        this.controller = controller;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.ELECT_LEADERS, 0, 2, AuthGuard.cluster(authz, AclOperation.ALTER, this::elect));
    }

    private CompletableFuture<AbstractResponse> elect(RequestContext ctx, ElectLeadersRequest request) {
        ElectLeadersRequestData req = request.data();
        ElectionType type = request.version() == 0 ? ElectionType.PREFERRED : ElectionType.valueOf(req.electionType());
        Set<TopicPartition> wanted = requested(req);
        Optional<Controller> c = controller.get();
        if (c.isEmpty()) {
            Map<TopicPartition, Errors> none = new LinkedHashMap<>();
            wanted.forEach(tp -> none.put(tp, metadata.topic(tp.topic()).isPresent() ? Errors.ELECTION_NOT_NEEDED
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION));
            return ApiHandler.done(response(none, Errors.NONE));
        }
        if (!c.get().isActive()) {
            return ApiHandler.done(failed(wanted, Errors.NOT_CONTROLLER, request.version()));
        }
        return c.get().electLeaders(type, wanted).handle((result, error) -> error == null
                ? response(result, Errors.NONE)
                : failed(wanted, Errors.forException(error.getCause() != null ? error.getCause() : error),
                        request.version()));
    }

    /** A whole request failed: in the top-level error from v1, in every partition's at v0 (which has none). */
    private static ElectLeadersResponse failed(Set<TopicPartition> wanted, Errors error, short version) {
        if (version >= 1) {
            return response(Map.of(), error);
        }
        Map<TopicPartition, Errors> each = new LinkedHashMap<>();
        wanted.forEach(tp -> each.put(tp, error));
        return response(each, Errors.NONE);
    }

    private Set<TopicPartition> requested(ElectLeadersRequestData req) {
        Set<TopicPartition> out = new HashSet<>();
        if (req.topicPartitions() == null) {
            for (TopicMetadata t : metadata.topics()) {
                for (PartitionState p : t.partitions()) {
                    out.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        } else {
            req.topicPartitions().forEach(t -> t.partitions().forEach(p -> out.add(new TopicPartition(t.topic(), p))));
        }
        return out;
    }

    private static ElectLeadersResponse response(Map<TopicPartition, Errors> results, Errors top) {
        ElectLeadersResponseData data = new ElectLeadersResponseData().setErrorCode(top.code());
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        results.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(),
                        t -> new ReplicaElectionResult().setTopic(t))
                .partitionResult().add(new PartitionResult().setPartitionId(tp.partition()).setErrorCode(e.code())
                        .setErrorMessage(e == Errors.NONE ? null : e.message())));
        data.replicaElectionResults().addAll(byTopic.values());
        return new ElectLeadersResponse(data);
    }
}
