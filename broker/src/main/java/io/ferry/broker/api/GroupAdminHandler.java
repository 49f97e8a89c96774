package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.group.CommittedOffset;
import io.ferry.broker.group.GroupCoordinator;
import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.group.GroupState;
import io.ferry.broker.group.GroupSummary;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.InternalTopic;

/**
 * Group reads and administration: OffsetFetch 1-9, DescribeGroups 0-5, ListGroups 0-5, DeleteGroups 0-2. Reading
 * offsets and describing need DESCRIBE on the group (and offsets DESCRIBE on each topic: others are left out or
 * answered TOPIC_AUTHORIZATION_FAILED), deleting DELETE; ListGroups shows all groups with DESCRIBE on the cluster,
 * else those the principal may describe.
 */
public final class GroupAdminHandler implements ApiFamily {

    private final GroupCoordinator coordinator;
    private final GroupOffsets offsets;
    private final InternalTopic offsetsTopic;
    private final Authorization authz;

    public GroupAdminHandler(GroupCoordinator coordinator, GroupOffsets offsets, InternalTopic offsetsTopic,
                             Authorization authz) {
        this.authz = authz;
        this.offsetsTopic = offsetsTopic;
        this.coordinator = coordinator;
        this.offsets = offsets;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.OFFSET_FETCH, 1, 9, CoordinatorGuard.owned(offsetsTopic,
                (OffsetFetchRequest r) -> r.groups().stream().map(g -> g.groupId()).toList(),
                (RequestContext ctx, OffsetFetchRequest r) -> ApiHandler.done(offsetFetch(ctx, r))));
        registry.register(ApiKeys.DESCRIBE_GROUPS, 0, 5, CoordinatorGuard.owned(offsetsTopic,
                (DescribeGroupsRequest r) -> r.data().groups(),
                (RequestContext ctx, DescribeGroupsRequest r) -> ApiHandler.done(describe(ctx, r))));
        registry.register(ApiKeys.LIST_GROUPS, 0, 5,
                (RequestContext ctx, ListGroupsRequest r) -> ApiHandler.done(list(ctx, r)));
        registry.register(ApiKeys.DELETE_GROUPS, 0, 2, CoordinatorGuard.owned(offsetsTopic,
                (DeleteGroupsRequest r) -> r.data().groupsNames(),
                (RequestContext ctx, DeleteGroupsRequest r) -> ApiHandler.done(delete(ctx, r))));
    }

    private org.apache.kafka.common.requests.AbstractResponse offsetFetch(RequestContext ctx,
                                                                          OffsetFetchRequest request) {
        short version = request.version();
        OffsetFetchResponseData resp = new OffsetFetchResponseData();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
            if (!authz.allowed(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())) {
                if (version < 8) {
                    return request.getErrorResponse(0, new GroupAuthorizationException(
                            "Not authorized to access group: " + g.groupId()));
                }
                resp.groups().add(new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(g.groupId())
                        .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
                continue;
            }
            List<TopicPartition> wanted = null;
            if (g.topics() != null) {
                wanted = new ArrayList<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                    for (int p : t.partitionIndexes()) {
                        wanted.add(new TopicPartition(t.name(), p));
                    }
                }
            }
            Map<TopicPartition, CommittedOffset> found = offsets.fetch(g.groupId(), wanted);
            List<TopicPartition> report = wanted != null ? wanted : new ArrayList<>(found.keySet());
            java.util.Set<String> describable = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    report.stream().map(TopicPartition::topic).toList(), wanted != null);
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            if (wanted == null) {
                report.removeIf(tp -> !describable.contains(tp.topic()));
            } else {
                report.stream().filter(tp -> !describable.contains(tp.topic())).forEach(tp -> {
                    found.remove(tp);
                    errors.put(tp, Errors.TOPIC_AUTHORIZATION_FAILED);
                });
            }
            if (request.requireStable()) {
                report.stream().filter(tp -> !errors.containsKey(tp))
                        .filter(tp -> offsets.hasPendingTransactionalOffset(g.groupId(), tp))
                        .forEach(tp -> errors.put(tp, Errors.UNSTABLE_OFFSET_COMMIT));
            }
            if (version >= 8) {
                resp.groups().add(groupResult(g.groupId(), report, found, errors));
            } else {
                resp.setErrorCode(Errors.NONE.code());
                resp.topics().addAll(legacyTopics(report, found, errors));
            }
        }
        return new OffsetFetchResponse(resp, version);
    }

    private static OffsetFetchResponseData.OffsetFetchResponseGroup groupResult(
            String groupId, List<TopicPartition> report, Map<TopicPartition, CommittedOffset> found,
            Map<TopicPartition, Errors> errors) {
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : report) {
            CommittedOffset o = found.get(tp);
            byTopic.computeIfAbsent(tp.topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopics()
                    .setName(n)).partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                    .setPartitionIndex(tp.partition())
                    .setCommittedOffset(o == null ? -1 : o.offset())
                    .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch().orElse(-1))
                    .setMetadata(o == null ? "" : o.metadata())
                    .setErrorCode(errors.getOrDefault(tp, Errors.NONE).code()));
        }
        OffsetFetchResponseData.OffsetFetchResponseGroup group = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                .setGroupId(groupId).setErrorCode(Errors.NONE.code());
        group.topics().addAll(byTopic.values());
        return group;
    }

    private static List<OffsetFetchResponseData.OffsetFetchResponseTopic> legacyTopics(
            List<TopicPartition> report, Map<TopicPartition, CommittedOffset> found, Map<TopicPartition, Errors> errors) {
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopic> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : report) {
            CommittedOffset o = found.get(tp);
            byTopic.computeIfAbsent(tp.topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopic()
                    .setName(n)).partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(tp.partition())
                    .setCommittedOffset(o == null ? -1 : o.offset())
                    .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch().orElse(-1))
                    .setMetadata(o == null ? "" : o.metadata())
                    .setErrorCode(errors.getOrDefault(tp, Errors.NONE).code()));
        }
        return new ArrayList<>(byTopic.values());
    }

    private DescribeGroupsResponse describe(RequestContext ctx, DescribeGroupsRequest request) {
        DescribeGroupsResponseData resp = new DescribeGroupsResponseData();
        for (String groupId : request.data().groups()) {
            DescribeGroupsResponseData.DescribedGroup d = new DescribeGroupsResponseData.DescribedGroup()
                    .setGroupId(groupId).setErrorCode(Errors.NONE.code());
            if (!authz.allowed(ctx, AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                resp.groups().add(d.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setGroupState("")
                        .setProtocolType("").setProtocolData(""));
                continue;
            }
            if (request.data().includeAuthorizedOperations()) {
                d.setAuthorizedOperations(authz.operations(ctx, ResourceType.GROUP, groupId));
            }
            Optional<GroupSummary> found = coordinator.describe(groupId);
            if (found.isEmpty()) {
                d.setGroupState(GroupState.DEAD.wireName()).setProtocolType("").setProtocolData("");
            } else {
                GroupSummary g = found.get();
                d.setGroupState(g.state().wireName()).setProtocolType(g.protocolType())
                        .setProtocolData(g.protocol() == null ? "" : g.protocol());
                for (GroupSummary.Member m : g.members()) {
                    d.members().add(new DescribeGroupsResponseData.DescribedGroupMember().setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId()).setClientId(m.clientId())
                            .setClientHost(m.clientHost()).setMemberMetadata(m.metadata())
                            .setMemberAssignment(m.assignment()));
                }
            }
            resp.groups().add(d);
        }
        return new DescribeGroupsResponse(resp);
    }

    private ListGroupsResponse list(RequestContext ctx, ListGroupsRequest request) {
        List<String> states = request.data().statesFilter();
        List<String> types = request.data().typesFilter();
        ListGroupsResponseData resp = new ListGroupsResponseData().setErrorCode(Errors.NONE.code());
        List<GroupSummary> groups = new ArrayList<>(coordinator.list());
        if (!authz.allowedQuietly(ctx, AclOperation.DESCRIBE, ResourceType.CLUSTER, Resource.CLUSTER_NAME)) {
            java.util.Set<String> visible = authz.allowedNames(ctx, AclOperation.DESCRIBE, ResourceType.GROUP,
                    groups.stream().map(GroupSummary::groupId).toList(), false);
            groups.removeIf(g -> !visible.contains(g.groupId()));
        }
        for (GroupSummary g : groups) {
            boolean stateOk = states == null || states.isEmpty() || states.stream()
                    .anyMatch(s -> s.equalsIgnoreCase(g.state().wireName()));
            boolean typeOk = types == null || types.isEmpty() || types.stream().anyMatch("classic"::equalsIgnoreCase);
            if (stateOk && typeOk && g.state() != GroupState.DEAD) {
                resp.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId())
                        .setProtocolType(g.protocolType()).setGroupState(g.state().wireName())
                        .setGroupType("classic"));
            }
        }
        return new ListGroupsResponse(resp);
    }

    private DeleteGroupsResponse delete(RequestContext ctx, DeleteGroupsRequest request) {
        DeleteGroupsResponseData resp = new DeleteGroupsResponseData();
        for (String groupId : request.data().groupsNames()) {
            Errors e = authz.allowed(ctx, AclOperation.DELETE, ResourceType.GROUP, groupId)
                    ? offsets.deleteGroup(groupId) : Errors.GROUP_AUTHORIZATION_FAILED;
            resp.results().add(new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId)
                    .setErrorCode(e.code()));
        }
        return new DeleteGroupsResponse(resp);
    }
}
