package io.ferry.broker.group;

import java.util.List;

/** A consistent snapshot of a group for DescribeGroups and ListGroups. */
public record GroupSummary(String groupId, GroupState state, String protocolType, String protocol,
                           List<Member> members) {

    /** One member as DescribeGroups shows it (metadata and assignment only once the group is stable). */
    public record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
