package io.ferry.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.apache.kafka.common.TopicPartition;

/**
 * One classic group's state: members (dynamic and static), members told to rejoin with a generated id, the current
 * generation, protocol and leader, and its committed offsets. All access is under the group's monitor.
 */
final class ClassicGroup {

    final String groupId;
    GroupState state = GroupState.EMPTY;
    int generation;
    String protocolType;
    String protocol;
    String leaderId;
    final Map<String, GroupMember> members = new LinkedHashMap<>();
    final Map<String, String> staticMembers = new HashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED, with the time by which they must join. */
    final Map<String, Long> pendingMembers = new HashMap<>();
    final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
    /** Offsets committed inside open transactions, by producer id; they count once the transaction commits. */
    final Map<Long, Map<TopicPartition, CommittedOffset>> pendingTxnOffsets = new HashMap<>();
    ScheduledFuture<?> joinTimer;
    boolean newMemberAdded;
    /** True while the first rebalance after Empty waits group.initial.rebalance.delay.ms for more members. */
    boolean inInitialDelay;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    void add(GroupMember m) {
        if (members.isEmpty()) {
            protocolType = m.protocolType;
        }
        members.put(m.memberId, m);
        if (m.isStatic()) {
            staticMembers.put(m.groupInstanceId, m.memberId);
        }
        if (leaderId == null) {
            leaderId = m.memberId;
        }
        m.isNew = true;
        newMemberAdded = true;
    }

    GroupMember remove(String memberId) {
        GroupMember m = members.remove(memberId);
        if (m != null && m.isStatic()) {
            staticMembers.remove(m.groupInstanceId, memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return m;
    }

    /** Whether every known member has sent its JoinGroup for this rebalance and no generated id is outstanding. */
    boolean allJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin != null);
    }

    int maxRebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    /** Whether a joining member's protocols fit this group (same type, at least one protocol all members support). */
    boolean supports(String type, Set<String> names) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !names.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        return candidateProtocols().stream().anyMatch(names::contains);
    }

    /** Protocols every member supports, in the first member's order. */
    List<String> candidateProtocols() {
        List<String> candidates = null;
        for (GroupMember m : members.values()) {
            if (candidates == null) {
                candidates = new ArrayList<>(m.protocols.keySet());
            } else {
                candidates.retainAll(m.protocols.keySet());
            }
        }
        return candidates == null ? List.of() : candidates;
    }

    /** Each member votes for its most preferred candidate; the protocol with most votes wins. */
    String selectProtocol() {
        List<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (GroupMember m : members.values()) {
            for (String p : m.protocols.keySet()) {
                if (votes.containsKey(p)) {
                    votes.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    GroupRecords.GroupValue toValue() {
        List<GroupRecords.MemberValue> list = new ArrayList<>();
        for (GroupMember m : members.values()) {
            list.add(new GroupRecords.MemberValue(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    m.rebalanceTimeoutMs, m.sessionTimeoutMs, m.metadata(protocol), m.assignment));
        }
        return new GroupRecords.GroupValue(protocolType == null ? "" : protocolType, generation, protocol, leaderId,
                list);
    }

    /** Restores a group persisted as Stable (or Empty) before a restart. */
    void restore(GroupRecords.GroupValue v, long nowMs) {
        members.clear();
        staticMembers.clear();
        generation = v.generation();
        protocolType = v.protocolType().isEmpty() ? null : v.protocolType();
        protocol = v.protocol();
        leaderId = v.leader();
        for (GroupRecords.MemberValue mv : v.members()) {
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            if (protocol != null) {
                protocols.put(protocol, mv.subscription());
            }
            GroupMember m = new GroupMember(mv.memberId(), mv.groupInstanceId(), mv.clientId(), mv.clientHost(),
                    mv.rebalanceTimeoutMs(), mv.sessionTimeoutMs(), protocolType, protocols);
            m.assignment = mv.assignment();
            m.heartbeatDeadlineMs = nowMs + m.sessionTimeoutMs;
            members.put(m.memberId, m);
            if (m.isStatic()) {
                staticMembers.put(m.groupInstanceId, m.memberId);
            }
        }
        state = members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
    }
}
