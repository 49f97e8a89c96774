package io.ferry.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import io.ferry.broker.partition.InternalTopic;

/**
 * Committed offsets of every group: commit (with Kafka's generation and member checks; generation -1 on an Empty or
 * unknown group is how tools reset offsets), fetch, delete per partition, and delete whole groups. Every change is
 * written to {@code __consumer_offsets} before it is answered.
 */
public final class GroupOffsets {

    private final GroupCoordinator coordinator;
    private final InternalTopic topic;
    private final int metadataMaxBytes;

    public GroupOffsets(GroupCoordinator coordinator, InternalTopic topic, int metadataMaxBytes) {
        this.coordinator = coordinator;
        this.topic = topic;
        this.metadataMaxBytes = metadataMaxBytes;
    }

    void load(ClassicGroup group, TopicPartition tp, CommittedOffset value) {
        if (value == null) {
            group.offsets.remove(tp);
        } else {
            group.offsets.put(tp, value);
        }
    }

    /** The group-level check of an OffsetCommit: NONE when the commit may proceed. */
    private static Errors check(ClassicGroup group, String memberId, String instanceId, int generation) {
        if (generation < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        GroupMember m = group.members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (m.isStatic() && !m.groupInstanceId.equals(instanceId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        if (generation != group.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    /** Commits offsets; returns the error of each partition. */
    public Map<TopicPartition, Errors> commit(String groupId, String memberId, String instanceId, int generation,
                                              Map<TopicPartition, CommittedOffset> offsets, long nowMs) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        if (groupId == null || groupId.isEmpty()) {
            offsets.keySet().forEach(tp -> result.put(tp, Errors.INVALID_GROUP_ID));
            return result;
        }
        ClassicGroup group = generation < 0 ? coordinator.getOrCreate(groupId) : coordinator.group(groupId);
        if (group == null) {
            offsets.keySet().forEach(tp -> result.put(tp, Errors.ILLEGAL_GENERATION));
            return result;
        }
        synchronized (group) {
            Errors error = check(group, memberId, instanceId, generation);
            List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
            Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, CommittedOffset> e : offsets.entrySet()) {
                if (error != Errors.NONE) {
                    result.put(e.getKey(), error);
                } else if (e.getValue().metadata() != null && e.getValue().metadata().length() > metadataMaxBytes) {
                    result.put(e.getKey(), Errors.OFFSET_METADATA_TOO_LARGE);
                } else {
                    records.add(Map.entry(GroupRecords.offsetKey(groupId, e.getKey()),
                            GroupRecords.offsetValue(e.getValue())));
                    accepted.put(e.getKey(), e.getValue());
                    result.put(e.getKey(), Errors.NONE);
                }
            }
            if (!records.isEmpty()) {
                topic.write(groupId, records);
                group.offsets.putAll(accepted);
            }
            GroupMember m = group.members.get(memberId);
            if (m != null && error == Errors.NONE) {
                m.heartbeatDeadlineMs = nowMs + m.sessionTimeoutMs;
            }
            if (group.members.isEmpty() && group.offsets.isEmpty() && group.protocolType == null) {
                coordinator.groups.remove(groupId, group);
            }
        }
        return result;
    }

    /**
     * TxnOffsetCommit: offsets committed inside a producer's transaction, written to the group's partition of
     * {@code __consumer_offsets} as part of that transaction. A generation of -1 skips the member checks (producers
     * that are not group members); otherwise they are the same as for OffsetCommit.
     */
    public Map<TopicPartition, Errors> commitTransactional(String groupId, long producerId, short epoch,
                                                           String memberId, String instanceId, int generation,
                                                           Map<TopicPartition, CommittedOffset> offsets) {
        Map<TopicPartition, Errors> result = new LinkedHashMap<>();
        ClassicGroup group = coordinator.getOrCreate(groupId);
        synchronized (group) {
            Errors error = generation < 0 ? Errors.NONE : check(group, memberId, instanceId, generation);
            List<Map.Entry<byte[], byte[]>> records = new ArrayList<>();
            for (Map.Entry<TopicPartition, CommittedOffset> e : offsets.entrySet()) {
                if (error == Errors.NONE && e.getValue().metadata() != null
                        && e.getValue().metadata().length() > metadataMaxBytes) {
                    result.put(e.getKey(), Errors.OFFSET_METADATA_TOO_LARGE);
                } else {
                    result.put(e.getKey(), error);
                    if (error == Errors.NONE) {
                        records.add(Map.entry(GroupRecords.offsetKey(groupId, e.getKey()),
                                GroupRecords.offsetValue(e.getValue())));
                    }
                }
            }
            if (!records.isEmpty()) {
                topic.writeTransactional(groupId, producerId, epoch, records);
                Map<TopicPartition, CommittedOffset> pending =
                        group.pendingTxnOffsets.computeIfAbsent(producerId, id -> new LinkedHashMap<>());
                result.forEach((tp, e) -> {
                    if (e == Errors.NONE) {
                        pending.put(tp, offsets.get(tp));
                    }
                });
            }
        }
        return result;
    }

    /**
     * A transaction marker was written to partition {@code offsetsPartition} of {@code __consumer_offsets}: the
     * producer's pending offsets of the groups stored there become committed (or are dropped on abort).
     */
    public void completeTransaction(int offsetsPartition, long producerId, boolean commit) {
        for (ClassicGroup group : coordinator.all()) {
            if (topic.partitionFor(group.groupId) != offsetsPartition) {
                continue;
            }
            synchronized (group) {
                Map<TopicPartition, CommittedOffset> pending = group.pendingTxnOffsets.remove(producerId);
                if (pending != null && commit) {
                    pending.forEach((tp, o) -> {
                        if (o == null) {
                            group.offsets.remove(tp);
                        } else {
                            group.offsets.put(tp, o);
                        }
                    });
                }
            }
        }
    }

    /**
     * Whether a transaction marker may be written to partition {@code offsetsPartition} of {@code __consumer_offsets}
     * now: NONE, or COORDINATOR_LOAD_IN_PROGRESS while its groups are being loaded. A marker written during the load
     * could land after the load's end and before the transaction's offsets were replayed, and those offsets would
     * stay pending for good (every require_stable OffsetFetch would answer UNSTABLE_OFFSET_COMMIT).
     */
    public Errors markerReadiness(int offsetsPartition) {
        Errors ownership = topic.partitionOwnership(offsetsPartition);
        return ownership == Errors.COORDINATOR_LOAD_IN_PROGRESS ? ownership : Errors.NONE;
    }

    /** Whether an open transaction holds an offset for this partition of the group (OffsetFetch require_stable). */
    public boolean hasPendingTransactionalOffset(String groupId, TopicPartition tp) {
        ClassicGroup group = coordinator.group(groupId);
        if (group == null) {
            return false;
        }
        synchronized (group) {
            return group.pendingTxnOffsets.values().stream().anyMatch(m -> m.containsKey(tp));
        }
    }

    /** The committed offsets of the partitions asked for ({@code null}: all of them); missing ones are absent. */
    public Map<TopicPartition, CommittedOffset> fetch(String groupId, List<TopicPartition> partitions) {
        ClassicGroup group = coordinator.group(groupId);
        Map<TopicPartition, CommittedOffset> out = new LinkedHashMap<>();
        if (group == null) {
            return out;
        }
        synchronized (group) {
            if (partitions == null) {
                out.putAll(group.offsets);
            } else {
                for (TopicPartition tp : partitions) {
                    CommittedOffset o = group.offsets.get(tp);
                    if (o != null) {
                        out.put(tp, o);
                    }
                }
            }
        }
        return out;
    }

    /** OffsetDelete: the group-level error, and per-partition errors in {@code out}. */
    public Errors deleteOffsets(String groupId, List<TopicPartition> partitions, Map<TopicPartition, Errors> out) {
        ClassicGroup group = coordinator.group(groupId);
        if (group == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return Errors.GROUP_ID_NOT_FOUND;
            }
            Set<String> subscribed = subscribedTopics(group);
            List<Map.Entry<byte[], byte[]>> tombstones = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    out.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    if (group.offsets.remove(tp) != null) {
                        tombstones.add(tombstone(groupId, tp));
                    }
                    out.put(tp, Errors.NONE);
                }
            }
            topic.write(groupId, tombstones);
            return Errors.NONE;
        }
    }

    /** DeleteGroups for one group. */
    public Errors deleteGroup(String groupId) {
        ClassicGroup group = coordinator.group(groupId);
        if (group == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return Errors.GROUP_ID_NOT_FOUND;
            }
            if (!group.is(GroupState.EMPTY)) {
                return Errors.NON_EMPTY_GROUP;
            }
            List<Map.Entry<byte[], byte[]>> tombstones = new ArrayList<>();
            group.offsets.keySet().forEach(tp -> tombstones.add(tombstone(groupId, tp)));
            tombstones.add(new java.util.AbstractMap.SimpleEntry<>(GroupRecords.groupKey(groupId), null));
            topic.write(groupId, tombstones);
            group.offsets.clear();
            group.state = GroupState.DEAD;
            coordinator.groups.remove(groupId, group);
            return Errors.NONE;
        }
    }

    /** A topic was deleted: its committed offsets go from every group. */
    public void topicDeleted(String topicName) {
        for (ClassicGroup group : coordinator.all()) {
            synchronized (group) {
                List<Map.Entry<byte[], byte[]>> tombstones = new ArrayList<>();
                group.offsets.keySet().removeIf(tp -> {
                    if (tp.topic().equals(topicName)) {
                        tombstones.add(tombstone(group.groupId, tp));
                        return true;
                    }
                    return false;
                });
                topic.write(group.groupId, tombstones);
            }
        }
    }

    private static Map.Entry<byte[], byte[]> tombstone(String groupId, TopicPartition tp) {
        return new java.util.AbstractMap.SimpleEntry<>(GroupRecords.offsetKey(groupId, tp), null);
    }

    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        if (!"consumer".equals(group.protocolType) || group.protocol == null) {
            return topics;
        }
        for (GroupMember m : group.members.values()) {
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(group.protocol)))
                        .topics());
            } catch (RuntimeException e) {
                // Not a consumer subscription we can read: it cannot block the deletion.
            }
        }
        return topics;
    }
}
