package io.ferry.broker.it;

import static io.ferry.broker.it.ConformanceFixture.COMMITTED;
import static io.ferry.broker.it.ConformanceFixture.GROUP;
import static io.ferry.broker.it.ConformanceFixture.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * Conformance calls of the consumer-group APIs. Each call under test works on a group of its own that the highest
 * versions of JoinGroup and SyncGroup brought to Stable with one member, or on the group with committed offsets.
 */
final class GroupApiCalls {

    private GroupApiCalls() {
    }

    /** A member of a Stable group. */
    private record Member(String group, String memberId, int generation) {
    }

    static void register(Map<ApiKeys, ConformanceFixture.Step> steps, ConformanceFixture f) {
        steps.put(ApiKeys.FIND_COORDINATOR, (c, v) -> findCoordinator(c, v, f));
        steps.put(ApiKeys.JOIN_GROUP, (c, v) -> {
            join(c, v, "conf-join-" + v);
            JoinGroupRequestData stranger = joinRequest(v, "conf-join-" + v).setMemberId("stranger");
            JoinGroupResponse r = c.call(ApiKeys.JOIN_GROUP, v, stranger);
            assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        });
        steps.put(ApiKeys.SYNC_GROUP, (c, v) -> stable(c, "conf-sync-" + v, f.max(ApiKeys.JOIN_GROUP), v));
        steps.put(ApiKeys.HEARTBEAT, (c, v) -> {
            Member m = stable(c, "conf-hb-" + v, f.max(ApiKeys.JOIN_GROUP), f.max(ApiKeys.SYNC_GROUP));
            AdminApiCalls.assertNoErrors(c.call(ApiKeys.HEARTBEAT, v, new HeartbeatRequestData().setGroupId(m.group())
                    .setMemberId(m.memberId()).setGenerationId(m.generation())).errorCounts());
            assertThat(c.call(ApiKeys.HEARTBEAT, v, new HeartbeatRequestData().setGroupId(m.group())
                    .setMemberId(m.memberId()).setGenerationId(m.generation() + 5)).errorCounts())
                    .containsOnlyKeys(Errors.ILLEGAL_GENERATION);
        });
        steps.put(ApiKeys.LEAVE_GROUP, (c, v) -> {
            Member m = stable(c, "conf-leave-" + v, f.max(ApiKeys.JOIN_GROUP), f.max(ApiKeys.SYNC_GROUP));
            LeaveGroupRequestData d = new LeaveGroupRequestData().setGroupId(m.group());
            if (v >= 3) {
                d.setMembers(new ArrayList<>(List.of(new LeaveGroupRequestData.MemberIdentity()
                        .setMemberId(m.memberId()))));
            } else {
                d.setMemberId(m.memberId());
            }
            AdminApiCalls.assertNoErrors(c.call(ApiKeys.LEAVE_GROUP, v, d).errorCounts());
        });
        steps.put(ApiKeys.DESCRIBE_GROUPS, (c, v) -> {
            Member m = stable(c, "conf-describe-" + v, f.max(ApiKeys.JOIN_GROUP), f.max(ApiKeys.SYNC_GROUP));
            DescribeGroupsRequestData d = new DescribeGroupsRequestData().setGroups(List.of(m.group(), GROUP));
            if (v >= 3) {
                d.setIncludeAuthorizedOperations(true);
            }
            DescribeGroupsResponse r = c.call(ApiKeys.DESCRIBE_GROUPS, v, d);
            assertThat(r.data().groups()).hasSize(2);
            assertThat(r.data().groups().get(0).groupState()).isEqualTo("Stable");
            assertThat(r.data().groups().get(0).members()).hasSize(1);
            assertThat(r.data().groups().get(1).groupState()).isEqualTo("Empty");
        });
        steps.put(ApiKeys.LIST_GROUPS, (c, v) -> {
            ListGroupsRequestData d = new ListGroupsRequestData();
            ListGroupsResponse r = c.call(ApiKeys.LIST_GROUPS, v, d);
            assertThat(r.data().groups()).anyMatch(g -> g.groupId().equals(GROUP));
        });
        steps.put(ApiKeys.DELETE_GROUPS, (c, v) -> {
            String group = "conf-delete-" + v;
            commit(c, f.max(ApiKeys.OFFSET_COMMIT), group);
            AdminApiCalls.assertNoErrors(c.call(ApiKeys.DELETE_GROUPS, v,
                    new DeleteGroupsRequestData().setGroupsNames(List.of(group))).errorCounts());
        });
        steps.put(ApiKeys.OFFSET_COMMIT, (c, v) -> commit(c, v, "conf-commit-" + v));
        steps.put(ApiKeys.OFFSET_FETCH, GroupApiCalls::offsetFetch);
        steps.put(ApiKeys.OFFSET_DELETE, (c, v) -> {
            String group = "conf-offset-delete-" + v;
            commit(c, f.max(ApiKeys.OFFSET_COMMIT), group);
            OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                    new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
            topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(TOPIC).setPartitions(
                    new ArrayList<>(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                            .setPartitionIndex(0)))));
            AdminApiCalls.assertNoErrors(c.call(ApiKeys.OFFSET_DELETE, v,
                    new OffsetDeleteRequestData().setGroupId(group).setTopics(topics)).errorCounts());
        });
    }

    private static void findCoordinator(VersionedClient c, short v, ConformanceFixture f) throws Exception {
        FindCoordinatorRequestData d = new FindCoordinatorRequestData();
        if (v >= 4) {
            d.setCoordinatorKeys(List.of(GROUP));
        } else {
            d.setKey(GROUP);
        }
        FindCoordinatorResponse r = c.call(ApiKeys.FIND_COORDINATOR, v, d);
        int node = v >= 4 ? r.data().coordinators().get(0).nodeId() : r.data().nodeId();
        assertThat(node).isEqualTo(f.nodeId);
        if (v >= 1) {
            d.setKeyType((byte) 1);
            c.call(ApiKeys.FIND_COORDINATOR, v, d);
        }
    }

    /** Joins a new group as its only member, answering MEMBER_ID_REQUIRED (v4+) with the id it hands out. */
    private static JoinGroupResponseData join(VersionedClient c, short v, String group) throws Exception {
        JoinGroupRequestData d = joinRequest(v, group);
        JoinGroupResponse r = c.call(ApiKeys.JOIN_GROUP, v, d);
        if (r.data().errorCode() == Errors.MEMBER_ID_REQUIRED.code()) {
            d.setMemberId(r.data().memberId());
            r = c.call(ApiKeys.JOIN_GROUP, v, d);
        }
        JoinGroupResponseData data = r.data();
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
        assertThat(data.leader()).isEqualTo(data.memberId()).isNotEmpty();
        assertThat(data.protocolName()).isEqualTo("range");
        assertThat(data.members()).hasSize(1);
        return data;
    }

    private static JoinGroupRequestData joinRequest(short v, String group) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(
                Utils.toArray(ConsumerProtocol.serializeSubscription(
                        new ConsumerPartitionAssignor.Subscription(List.of(TOPIC))))));
        JoinGroupRequestData d = new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(30_000)
                .setMemberId("").setProtocolType("consumer").setProtocols(protocols);
        if (v >= 1) {
            d.setRebalanceTimeoutMs(30_000);
        }
        return d;
    }

    private static Member stable(VersionedClient c, String group, short joinVersion, short syncVersion)
            throws Exception {
        JoinGroupResponseData joined = join(c, joinVersion, group);
        byte[] assignment = Utils.toArray(ConsumerProtocol.serializeAssignment(
                new ConsumerPartitionAssignor.Assignment(List.of(new TopicPartition(TOPIC, 0)))));
        SyncGroupRequestData d = new SyncGroupRequestData().setGroupId(group).setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()).setAssignments(new ArrayList<>(List.of(
                        new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(joined.memberId())
                                .setAssignment(assignment))));
        if (syncVersion >= 5) {
            d.setProtocolType("consumer").setProtocolName("range");
        }
        var r = c.<org.apache.kafka.common.requests.SyncGroupResponse>call(ApiKeys.SYNC_GROUP, syncVersion, d);
        assertThat(Errors.forCode(r.data().errorCode())).isEqualTo(Errors.NONE);
        assertThat(r.data().assignment()).isEqualTo(assignment);
        return new Member(group, joined.memberId(), joined.generationId());
    }

    /** Commits offset 1 of the topic's partition 0 for a group without members. */
    private static void commit(VersionedClient c, short v, String group) throws Exception {
        OffsetCommitRequestData d = new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1)
                .setMemberId("").setTopics(new ArrayList<>(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(TOPIC).setPartitions(new ArrayList<>(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                        .setCommittedOffset(1).setCommittedMetadata("m")))))));
        AdminApiCalls.assertNoErrors(c.call(ApiKeys.OFFSET_COMMIT, v, d).errorCounts());
    }

    private static void offsetFetch(VersionedClient c, short v) throws Exception {
        List<Integer> partitions = new ArrayList<>(List.of(0));
        OffsetFetchRequestData d = new OffsetFetchRequestData();
        if (v >= 8) {
            d.setGroups(new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(GROUP)
                    .setTopics(new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                            .setName(TOPIC).setPartitionIndexes(partitions)))))));
        } else {
            d.setGroupId(GROUP).setTopics(new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                    .setName(TOPIC).setPartitionIndexes(partitions))));
        }
        if (v >= 7) {
            d.setRequireStable(true);
        }
        OffsetFetchResponse r = c.call(ApiKeys.OFFSET_FETCH, v, d);
        long offset = v >= 8
                ? r.data().groups().get(0).topics().get(0).partitions().get(0).committedOffset()
                : r.data().topics().get(0).partitions().get(0).committedOffset();
        assertThat(offset).isEqualTo(COMMITTED);
    }
}
