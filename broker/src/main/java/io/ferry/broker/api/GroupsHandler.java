package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.group.CommittedOffset;
import io.ferry.broker.group.GroupCoordinator;
import io.ferry.broker.group.GroupOffsets;
import java.util.function.Function;

import org.apache.kafka.common.requests.AbstractRequest;

import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.InternalTopic;

/**
 * The classic consumer-group APIs that a member uses: FindCoordinator 0-4, JoinGroup 0-9, SyncGroup 0-5,
 * Heartbeat 0-4, LeaveGroup 0-5, OffsetCommit 2-9 and OffsetDelete 0. Reads and administration (OffsetFetch,
 * DescribeGroups, ListGroups, DeleteGroups) are in {@link GroupAdminHandler}. Members need READ on the group
 * (OffsetDelete: DELETE) and, to commit or delete offsets, READ on each topic; FindCoordinator needs DESCRIBE on the
 * group or transactional id.
 */
public final class GroupsHandler implements ApiFamily {

    private final GroupCoordinator coordinator;
    private final GroupOffsets offsets;
    private final InternalTopic offsetsTopic;
    private final InternalTopic txnTopic;
    private final Authorization authz;

    public GroupsHandler(GroupCoordinator coordinator, GroupOffsets offsets, InternalTopic offsetsTopic,
                         InternalTopic txnTopic, Authorization authz) {
        this.authz = authz;
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.offsetsTopic = offsetsTopic;
        this.txnTopic = txnTopic;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.FIND_COORDINATOR, 0, 4,
                (RequestContext ctx, FindCoordinatorRequest r) -> ApiHandler.done(findCoordinator(ctx, r)));
        registry.register(ApiKeys.JOIN_GROUP, 0, 9, guard(AclOperation.READ, (JoinGroupRequest r) -> r.data().groupId(), this::join));
        registry.register(ApiKeys.SYNC_GROUP, 0, 5, guard(AclOperation.READ, (SyncGroupRequest r) -> r.data().groupId(),
                (RequestContext ctx, SyncGroupRequest r) ->
                        coordinator.sync(r.data()).thenApply(d -> (AbstractResponse) new SyncGroupResponse(d))));
        registry.register(ApiKeys.HEARTBEAT, 0, 4, guard(AclOperation.READ, (HeartbeatRequest r) -> r.data().groupId(),
                (RequestContext ctx, HeartbeatRequest r) ->
                        ApiHandler.done(new HeartbeatResponse(new HeartbeatResponseData().setErrorCode(
                                coordinator.heartbeat(r.data().groupId(), r.data().memberId(),
                                        r.data().groupInstanceId(), r.data().generationId()).code())))));
        registry.register(ApiKeys.LEAVE_GROUP, 0, 5, guard(AclOperation.READ, (LeaveGroupRequest r) -> r.data().groupId(),
                (RequestContext ctx, LeaveGroupRequest r) -> ApiHandler.done(leave(r))));
        registry.register(ApiKeys.OFFSET_COMMIT, 2, 9, guard(AclOperation.READ, (OffsetCommitRequest r) -> r.data().groupId(),
                (RequestContext ctx, OffsetCommitRequest r) -> ApiHandler.done(commit(r, readable(ctx,
                        r.data().topics().stream().map(t -> t.name()))))));
        registry.register(ApiKeys.OFFSET_DELETE, 0, 0, guard(AclOperation.DELETE, (OffsetDeleteRequest r) -> r.data().groupId(),
                (RequestContext ctx, OffsetDeleteRequest r) -> ApiHandler.done(offsetDelete(r, readable(ctx,
                        r.data().topics().stream().map(t -> t.name()))))));
    }

    /** {@code op} on the request's group, then this broker must coordinate it. */
    private <R extends AbstractRequest> ApiHandler<R> guard(AclOperation op, Function<R, String> key,
                                                           ApiHandler<R> handler) {
        return AuthGuard.group(authz, op, key, CoordinatorGuard.ownedKey(offsetsTopic, key, handler));
    }

    private java.util.Set<String> readable(RequestContext ctx, java.util.stream.Stream<String> topics) {
        return authz.allowedNames(ctx, AclOperation.READ, ResourceType.TOPIC, topics.toList(), true);
    }

    /**
     * FindCoordinator for groups and transactional ids: the leader of the key's partition of the coordinator's
     * topic; COORDINATOR_NOT_AVAILABLE while the topic is being created or the partition has no leader.
     */
    private FindCoordinatorResponse findCoordinator(RequestContext ctx, FindCoordinatorRequest request) {
        FindCoordinatorRequestData req = request.data();
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponseData.Coordinator c = coordinator(ctx, req.keyType(), req.key());
            return new FindCoordinatorResponse(new FindCoordinatorResponseData().setErrorCode(c.errorCode())
                    .setErrorMessage(c.errorMessage()).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port()));
        }
        FindCoordinatorResponseData resp = new FindCoordinatorResponseData();
        for (String key : req.coordinatorKeys()) {
            resp.coordinators().add(coordinator(ctx, req.keyType(), key));
        }
        return new FindCoordinatorResponse(resp);
    }

    private FindCoordinatorResponseData.Coordinator coordinator(RequestContext ctx, byte keyType, String key) {
        String listener = ctx.listenerName();
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key)
                .setNodeId(-1).setHost("").setPort(-1);
        InternalTopic topic = keyType == FindCoordinatorRequest.CoordinatorType.TRANSACTION.id() ? txnTopic
                : offsetsTopic;
        if (keyType != FindCoordinatorRequest.CoordinatorType.GROUP.id()
                && keyType != FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unknown coordinator key type "
                    + keyType + "; 0 (group) and 1 (transaction) are supported");
        }
        boolean group = keyType == FindCoordinatorRequest.CoordinatorType.GROUP.id();
        if (!authz.allowed(ctx, AclOperation.DESCRIBE, group ? ResourceType.GROUP : ResourceType.TRANSACTIONAL_ID,
                key)) {
            Errors denied = group ? Errors.GROUP_AUTHORIZATION_FAILED : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            return c.setErrorCode(denied.code()).setErrorMessage(denied.message());
        }
        try {
            return topic.coordinatorFor(key, listener).map(b -> c.setErrorCode(Errors.NONE.code()).setNodeId(b.id())
                            .setHost(b.host()).setPort(b.port()))
                    .orElseGet(() -> c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        } catch (RuntimeException e) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage(e.getMessage());
        }
    }

    private CompletableFuture<AbstractResponse> join(RequestContext ctx, JoinGroupRequest request) {
        short version = request.version();
        return coordinator.join(request.data(), ctx.clientId(), "/" + ctx.clientAddress().getHostAddress(), version)
                .thenApply(d -> new JoinGroupResponse(d, version));
    }

    private LeaveGroupResponse leave(LeaveGroupRequest request) {
        LeaveGroupRequestData req = request.data();
        List<LeaveGroupResponseData.MemberResponse> members = new ArrayList<>();
        Errors top = Errors.NONE;
        for (LeaveGroupRequestData.MemberIdentity m : request.members()) {
            Errors e = coordinator.leave(req.groupId(), m.memberId(), m.groupInstanceId());
            members.add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setErrorCode(e.code()));
            if (request.version() < 3 && e != Errors.NONE) {
                top = e;
            }
        }
        return new LeaveGroupResponse(members, top, 0, request.version());
    }

    private OffsetCommitResponse commit(OffsetCommitRequest request, java.util.Set<String> readable) {
        OffsetCommitRequestData req = request.data();
        long now = System.currentTimeMillis();
        Map<TopicPartition, CommittedOffset> toCommit = new LinkedHashMap<>();
        Map<TopicPartition, Errors> denied = new LinkedHashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : req.topics()) {
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                if (!readable.contains(t.name())) {
                    denied.put(new TopicPartition(t.name(), p.partitionIndex()), Errors.TOPIC_AUTHORIZATION_FAILED);
                    continue;
                }
                int epoch = p.committedLeaderEpoch();
                toCommit.put(new TopicPartition(t.name(), p.partitionIndex()), new CommittedOffset(
                        p.committedOffset(), epoch < 0 ? Optional.empty() : Optional.of(epoch),
                        p.committedMetadata() == null ? "" : p.committedMetadata(), now));
            }
        }
        Map<TopicPartition, Errors> result = new LinkedHashMap<>(denied);
        result.putAll(offsets.commit(req.groupId(), req.memberId(), req.groupInstanceId(),
                req.generationIdOrMemberEpoch(), toCommit, now));
        OffsetCommitResponseData resp = new OffsetCommitResponseData();
        Map<String, OffsetCommitResponseData.OffsetCommitResponseTopic> byTopic = new LinkedHashMap<>();
        result.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(),
                        n -> new OffsetCommitResponseData.OffsetCommitResponseTopic().setName(n))
                .partitions().add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(tp.partition()).setErrorCode(e.code())));
        resp.topics().addAll(byTopic.values());
        return new OffsetCommitResponse(resp);
    }

    private OffsetDeleteResponse offsetDelete(OffsetDeleteRequest request, java.util.Set<String> readable) {
        OffsetDeleteRequestData req = request.data();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Errors> perPartition = new LinkedHashMap<>();
        req.topics().forEach(t -> t.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
            if (readable.contains(t.name())) {
                partitions.add(tp);
            } else {
                perPartition.put(tp, Errors.TOPIC_AUTHORIZATION_FAILED);
            }
        }));
        Errors top = offsets.deleteOffsets(req.groupId(), partitions, perPartition);
        OffsetDeleteResponseData resp = new OffsetDeleteResponseData().setErrorCode(top.code());
        Map<String, OffsetDeleteResponseData.OffsetDeleteResponseTopic> byTopic = new LinkedHashMap<>();
        perPartition.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(),
                        n -> new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(n))
                .partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(tp.partition()).setErrorCode(e.code())));
        byTopic.values().forEach(resp.topics()::add);
        return new OffsetDeleteResponse(resp);
    }
}
