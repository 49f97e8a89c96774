package io.ferry.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.partition.InternalTopic;

/**
 * Kafka's classic group protocol: members join (a first join without an id gets MEMBER_ID_REQUIRED and a generated
 * id), the join phase ends when every known member rejoined or the largest rebalance timeout ran out, the leader's
 * assignment is handed to every member at sync, heartbeats keep members alive, and expired or leaving members
 * trigger a rebalance. Offsets live in {@link GroupOffsets}; both persist through {@link InternalTopic}.
 */
public final class GroupCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final long EXPIRY_CHECK_MS = 100;

    private final GroupConfig config;
    private final InternalTopic topic;
    private final ScheduledExecutorService timer;
    private final Time time;
    final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();

    public GroupCoordinator(GroupConfig config, InternalTopic topic, ScheduledExecutorService timer, Time time) {
        this.config = config;
        this.topic = topic;
        this.timer = timer;
        this.time = time;
    }

    /**
     * Loads groups from the offsets topic (on a single node; in a cluster each partition is loaded when this broker
     * becomes its leader and unloaded when it stops) and starts expiring members that stop heartbeating.
     */
    public void start(GroupOffsets offsets, java.util.concurrent.Executor loadExecutor) {
        topic.replay(visitor(offsets));
        dropEmptyGroups(g -> true);
        topic.onLeadership(new InternalTopic.Loader() {
            @Override
            public void load(int partition, int leaderEpoch) {
                long records = topic.replay(partition, visitor(offsets));
                dropEmptyGroups(g -> topic.partitionFor(g.groupId) == partition);
                LOG.info("Loaded {} records of {}-{}", records, topic.name(), partition);
            }

            @Override
            public void unload(int partition) {
                unloadGroups(partition);
            }
        }, loadExecutor);
        timer.scheduleWithFixedDelay(this::expireMembers, EXPIRY_CHECK_MS, EXPIRY_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private InternalTopic.ReplayVisitor visitor(GroupOffsets offsets) {
        return new InternalTopic.ReplayVisitor() {
            @Override
            public void record(int partition, RecordBatch batch, ByteBuffer key, ByteBuffer value) {
                GroupRecords.Key k = GroupRecords.readKey(key);
                ClassicGroup g = groups.computeIfAbsent(k.group(), ClassicGroup::new);
                if (k.type() == GroupRecords.OFFSET_KEY) {
                    CommittedOffset o = value == null ? null : GroupRecords.readOffsetValue(value);
                    if (batch.isTransactional()) {
                        g.pendingTxnOffsets.computeIfAbsent(batch.producerId(), id -> new HashMap<>())
                                .put(k.partition(), o);
                    } else {
                        offsets.load(g, k.partition(), o);
                    }
                } else if (value == null) {
                    groups.remove(k.group());
                } else {
                    g.restore(GroupRecords.readGroupValue(value), time.milliseconds());
                }
            }

            @Override
            public void marker(int partition, long producerId, boolean commit) {
                offsets.completeTransaction(partition, producerId, commit);
            }
        };
    }

    private void dropEmptyGroups(java.util.function.Predicate<ClassicGroup> scope) {
        groups.values().removeIf(g -> scope.test(g) && g.members.isEmpty() && g.offsets.isEmpty()
                && g.pendingTxnOffsets.isEmpty() && g.protocolType == null);
    }

    /** Forgets the groups of an offsets partition another broker leads now; waiting members are told to move. */
    private void unloadGroups(int partition) {
        for (ClassicGroup g : List.copyOf(groups.values())) {
            if (topic.partitionFor(g.groupId) != partition) {
                continue;
            }
            synchronized (g) {
                if (g.joinTimer != null) {
                    g.joinTimer.cancel(false);
                }
                for (GroupMember m : g.members.values()) {
                    if (m.awaitingJoin != null) {
                        m.awaitingJoin.complete(joinError(Errors.NOT_COORDINATOR, m.memberId));
                    }
                    if (m.awaitingSync != null) {
                        m.awaitingSync.complete(new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
                    }
                }
                groups.remove(g.groupId, g);
            }
        }
    }

    ClassicGroup group(String groupId) {
        return groups.get(groupId);
    }

    ClassicGroup getOrCreate(String groupId) {
        return groups.computeIfAbsent(groupId, ClassicGroup::new);
    }

    Collection<ClassicGroup> all() {
        return groups.values();
    }

    // ---------------------------------------------------------------- join

    public CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData req, String clientId,
                                                         String clientHost, short version) {
        CompletableFuture<JoinGroupResponseData> result = new CompletableFuture<>();
        if (req.groupId() == null || req.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(joinError(Errors.INVALID_GROUP_ID, req.memberId()));
        }
        if (req.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || req.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(joinError(Errors.INVALID_SESSION_TIMEOUT, req.memberId()));
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        req.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        boolean unknown = req.memberId() == null || req.memberId().isEmpty();
        ClassicGroup group = unknown ? getOrCreate(req.groupId()) : group(req.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(joinError(Errors.UNKNOWN_MEMBER_ID, req.memberId()));
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                result.complete(joinError(Errors.COORDINATOR_NOT_AVAILABLE, req.memberId()));
            } else if (!group.supports(req.protocolType(), protocols.keySet())) {
                result.complete(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, req.memberId()));
            } else if (unknown) {
                joinUnknown(group, req, protocols, clientId, clientHost, version, result);
            } else {
                joinKnown(group, req, protocols, clientId, clientHost, result);
            }
        }
        return result;
    }

    private void joinUnknown(ClassicGroup group, JoinGroupRequestData req, Map<String, byte[]> protocols,
                             String clientId, String clientHost, short version,
                             CompletableFuture<JoinGroupResponseData> result) {
        if (group.members.size() >= config.maxGroupSize()) {
            result.complete(joinError(Errors.GROUP_MAX_SIZE_REACHED, ""));
            return;
        }
        String instanceId = req.groupInstanceId();
        String newId = (instanceId != null ? instanceId : clientId) + "-" + UUID.randomUUID();
        if (instanceId != null && group.staticMembers.containsKey(instanceId)) {
            replaceStaticMember(group, group.staticMembers.get(instanceId), newId, req, protocols, result);
            return;
        }
        if (instanceId == null && version >= 4) {
            group.pendingMembers.put(newId, time.milliseconds() + req.sessionTimeoutMs());
            result.complete(joinError(Errors.MEMBER_ID_REQUIRED, newId));
            return;
        }
        addMemberAndRebalance(group, newId, req, protocols, clientId, clientHost, result);
    }

    private void joinKnown(ClassicGroup group, JoinGroupRequestData req, Map<String, byte[]> protocols,
                           String clientId, String clientHost, CompletableFuture<JoinGroupResponseData> result) {
        String memberId = req.memberId();
        if (group.pendingMembers.remove(memberId) != null) {
            addMemberAndRebalance(group, memberId, req, protocols, clientId, clientHost, result);
            return;
        }
        GroupMember m = group.members.get(memberId);
        if (m == null) {
            result.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
            return;
        }
        if (m.isStatic() && !m.groupInstanceId.equals(req.groupInstanceId())) {
            result.complete(joinError(Errors.FENCED_INSTANCE_ID, memberId));
            return;
        }
        m.heartbeatDeadlineMs = time.milliseconds() + m.sessionTimeoutMs;
        switch (group.state) {
            case PREPARING_REBALANCE -> updateMemberAndJoin(group, m, req, protocols, result);
            case COMPLETING_REBALANCE, STABLE -> {
                boolean unchanged = m.sameProtocols(protocols);
                if (unchanged && (group.is(GroupState.COMPLETING_REBALANCE) || !memberId.equals(group.leaderId))) {
                    result.complete(joinResponse(group, m, false));
                } else {
                    updateMemberAndJoin(group, m, req, protocols, result);
                    prepareRebalance(group, "member " + memberId + " rejoined");
                }
            }
            default -> result.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, JoinGroupRequestData req,
                                       Map<String, byte[]> protocols, String clientId, String clientHost,
                                       CompletableFuture<JoinGroupResponseData> result) {
        GroupMember m = new GroupMember(memberId, req.groupInstanceId(), clientId, clientHost,
                req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs(),
                req.sessionTimeoutMs(), req.protocolType(), protocols);
        m.awaitingJoin = result;
        m.heartbeatDeadlineMs = time.milliseconds() + m.sessionTimeoutMs;
        group.add(m);
        LOG.info("Member {} joined group {}", memberId, group.groupId);
        prepareRebalance(group, "member " + memberId + " joined");
        maybeCompleteJoin(group);
    }

    private void updateMemberAndJoin(ClassicGroup group, GroupMember m, JoinGroupRequestData req,
                                     Map<String, byte[]> protocols, CompletableFuture<JoinGroupResponseData> result) {
        m.protocols = protocols;
        m.rebalanceTimeoutMs = req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs();
        m.sessionTimeoutMs = req.sessionTimeoutMs();
        if (m.awaitingJoin != null && m.awaitingJoin != result) {
            m.awaitingJoin.complete(joinError(Errors.REBALANCE_IN_PROGRESS, m.memberId));
        }
        m.awaitingJoin = result;
        maybeCompleteJoin(group);
    }

    private void replaceStaticMember(ClassicGroup group, String oldId, String newId, JoinGroupRequestData req,
                                     Map<String, byte[]> protocols, CompletableFuture<JoinGroupResponseData> result) {
        GroupMember old = group.remove(oldId);
        if (old.awaitingJoin != null) {
            old.awaitingJoin.complete(joinError(Errors.FENCED_INSTANCE_ID, oldId));
        }
        if (old.awaitingSync != null) {
            old.awaitingSync.complete(new SyncGroupResponseData().setErrorCode(Errors.FENCED_INSTANCE_ID.code()));
        }
        GroupMember m = new GroupMember(newId, req.groupInstanceId(), old.clientId, old.clientHost,
                req.rebalanceTimeoutMs(), req.sessionTimeoutMs(), req.protocolType(), protocols);
        m.assignment = old.assignment;
        m.heartbeatDeadlineMs = time.milliseconds() + m.sessionTimeoutMs;
        boolean wasLeader = group.leaderId == null || group.leaderId.equals(oldId);
        group.add(m);
        if (wasLeader) {
            group.leaderId = newId;
        }
        if (group.is(GroupState.STABLE) && old.sameProtocols(protocols) && !wasLeader) {
            m.isNew = false;
            persistGroup(group);
            result.complete(joinResponse(group, m, false));
        } else {
            m.awaitingJoin = result;
            prepareRebalance(group, "static member " + req.groupInstanceId() + " rejoined");
            maybeCompleteJoin(group);
        }
    }

    /** Moves the group into PreparingRebalance (if not already) and starts the join-phase timer. */
    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.PREPARING_REBALANCE) || group.is(GroupState.DEAD)) {
            return;
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            for (GroupMember m : group.members.values()) {
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(new SyncGroupResponseData()
                            .setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
                    m.awaitingSync = null;
                }
            }
        }
        boolean initial = group.is(GroupState.EMPTY);
        group.state = GroupState.PREPARING_REBALANCE;
        LOG.info("Preparing to rebalance group {} (generation {}): {}", group.groupId, group.generation, reason);
        if (initial && config.initialRebalanceDelayMs() > 0) {
            group.newMemberAdded = false;
            group.inInitialDelay = true;
            scheduleInitialDelay(group, config.initialRebalanceDelayMs(),
                    Math.max(group.maxRebalanceTimeoutMs() - config.initialRebalanceDelayMs(), 0));
        } else {
            group.joinTimer = timer.schedule(() -> {
                synchronized (group) {
                    if (group.is(GroupState.PREPARING_REBALANCE)) {
                        completeJoin(group);
                    }
                }
            }, Math.max(group.maxRebalanceTimeoutMs(), 1), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleInitialDelay(ClassicGroup group, long delayMs, long remainingMs) {
        group.joinTimer = timer.schedule(() -> {
            synchronized (group) {
                if (!group.is(GroupState.PREPARING_REBALANCE)) {
                    return;
                }
                if (group.newMemberAdded && remainingMs > 0) {
                    group.newMemberAdded = false;
                    long next = Math.min(config.initialRebalanceDelayMs(), remainingMs);
                    scheduleInitialDelay(group, next, Math.max(remainingMs - config.initialRebalanceDelayMs(), 0));
                } else {
                    group.inInitialDelay = false;
                    completeJoin(group);
                }
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && group.allJoined() && !initialDelayRunning(group)) {
            completeJoin(group);
        }
    }

    private static boolean initialDelayRunning(ClassicGroup group) {
        return group.inInitialDelay;
    }

    private void completeJoin(ClassicGroup group) {
        group.inInitialDelay = false;
        if (group.joinTimer != null) {
            group.joinTimer.cancel(false);
            group.joinTimer = null;
        }
        List<String> missing = group.members.values().stream().filter(m -> m.awaitingJoin == null)
                .map(m -> m.memberId).toList();
        for (String id : missing) {
            group.remove(id);
            LOG.info("Removed member {} from group {}: it did not rejoin in time", id, group.groupId);
        }
        group.generation++;
        if (group.members.isEmpty()) {
            group.state = GroupState.EMPTY;
            group.protocol = null;
            group.leaderId = null;
            persistGroup(group);
            LOG.info("Group {} is empty at generation {}", group.groupId, group.generation);
            return;
        }
        group.protocol = group.selectProtocol();
        if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.keySet().iterator().next();
        }
        group.state = GroupState.COMPLETING_REBALANCE;
        LOG.info("Group {} generation {} with {} members, protocol {}", group.groupId, group.generation,
                group.members.size(), group.protocol);
        long now = time.milliseconds();
        for (GroupMember m : new ArrayList<>(group.members.values())) {
            CompletableFuture<JoinGroupResponseData> f = m.awaitingJoin;
            m.awaitingJoin = null;
            m.isNew = false;
            m.heartbeatDeadlineMs = now + m.sessionTimeoutMs;
            f.complete(joinResponse(group, m, true));
        }
    }

    private JoinGroupResponseData joinResponse(ClassicGroup group, GroupMember m, boolean withMembers) {
        JoinGroupResponseData resp = new JoinGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setGenerationId(group.generation)
                .setProtocolType(group.protocolType)
                .setProtocolName(group.protocol)
                .setLeader(group.leaderId)
                .setMemberId(m.memberId)
                .setSkipAssignment(false);
        if (withMembers && m.memberId.equals(group.leaderId)) {
            for (GroupMember member : group.members.values()) {
                resp.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(member.memberId)
                        .setGroupInstanceId(member.groupInstanceId)
                        .setMetadata(member.metadata(group.protocol)));
            }
        }
        return resp;
    }

    private static JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId == null ? "" : memberId)
                .setGenerationId(-1).setLeader("").setProtocolName(null);
    }

    // ---------------------------------------------------------------- sync

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData req) {
        ClassicGroup group = group(req.groupId());
        if (group == null) {
            return syncError(Errors.UNKNOWN_MEMBER_ID);
        }
        synchronized (group) {
            GroupMember m = group.members.get(req.memberId());
            if (m == null) {
                return syncError(Errors.UNKNOWN_MEMBER_ID);
            }
            if (m.isStatic() && !m.groupInstanceId.equals(req.groupInstanceId())) {
                return syncError(Errors.FENCED_INSTANCE_ID);
            }
            if (req.generationId() != group.generation) {
                return syncError(Errors.ILLEGAL_GENERATION);
            }
            if ((req.protocolType() != null && !req.protocolType().equals(group.protocolType))
                    || (req.protocolName() != null && !req.protocolName().equals(group.protocol))) {
                return syncError(Errors.INCONSISTENT_GROUP_PROTOCOL);
            }
            m.heartbeatDeadlineMs = time.milliseconds() + m.sessionTimeoutMs;
            switch (group.state) {
                case PREPARING_REBALANCE:
                    return syncError(Errors.REBALANCE_IN_PROGRESS);
                case STABLE:
                    return CompletableFuture.completedFuture(syncResponse(group, m));
                case COMPLETING_REBALANCE:
                    CompletableFuture<SyncGroupResponseData> f = new CompletableFuture<>();
                    m.awaitingSync = f;
                    if (m.memberId.equals(group.leaderId)) {
                        Map<String, byte[]> assignments = new LinkedHashMap<>();
                        req.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
                        for (GroupMember member : group.members.values()) {
                            member.assignment = assignments.getOrDefault(member.memberId, new byte[0]);
                        }
                        persistGroup(group);
                        group.state = GroupState.STABLE;
                        for (GroupMember member : group.members.values()) {
                            if (member.awaitingSync != null) {
                                member.awaitingSync.complete(syncResponse(group, member));
                                member.awaitingSync = null;
                            }
                        }
                    }
                    return f;
                default:
                    return syncError(Errors.UNKNOWN_MEMBER_ID);
            }
        }
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, GroupMember m) {
        return new SyncGroupResponseData().setErrorCode(Errors.NONE.code()).setProtocolType(group.protocolType)
                .setProtocolName(group.protocol).setAssignment(m.assignment);
    }

    private static CompletableFuture<SyncGroupResponseData> syncError(Errors e) {
        return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(e.code())
                .setAssignment(new byte[0]));
    }

    // ---------------------------------------------------------------- heartbeat and leave

    public Errors heartbeat(String groupId, String memberId, String groupInstanceId, int generation) {
        ClassicGroup group = group(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            GroupMember m = group.members.get(memberId);
            if (m == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (m.isStatic() && !m.groupInstanceId.equals(groupInstanceId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            if (generation != group.generation) {
                return Errors.ILLEGAL_GENERATION;
            }
            m.heartbeatDeadlineMs = time.milliseconds() + m.sessionTimeoutMs;
            return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    /** Removes one member (identified by id, or by instance id for static members); returns the error for it. */
    public Errors leave(String groupId, String memberId, String groupInstanceId) {
        ClassicGroup group = group(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            String id = memberId;
            if (groupInstanceId != null) {
                String known = group.staticMembers.get(groupInstanceId);
                if (known == null) {
                    return Errors.UNKNOWN_MEMBER_ID;
                }
                if (id != null && !id.isEmpty() && !id.equals(known)) {
                    return Errors.FENCED_INSTANCE_ID;
                }
                id = known;
            }
            if (group.pendingMembers.remove(id) != null) {
                maybeCompleteJoin(group);
                return Errors.NONE;
            }
            if (!group.hasMember(id)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            removeMember(group, id, "left the group");
            return Errors.NONE;
        }
    }

    private void removeMember(ClassicGroup group, String memberId, String why) {
        GroupMember m = group.remove(memberId);
        LOG.info("Member {} of group {} {}", memberId, group.groupId, why);
        if (m.awaitingJoin != null) {
            m.awaitingJoin.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, "member " + memberId + " " + why);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            default -> { }
        }
        if (group.members.isEmpty() && group.is(GroupState.PREPARING_REBALANCE)) {
            completeJoin(group);
        }
    }

    private void expireMembers() {
        long now = time.milliseconds();
        for (ClassicGroup group : groups.values()) {
            synchronized (group) {
                group.pendingMembers.entrySet().removeIf(e -> e.getValue() < now);
                List<String> expired = group.members.values().stream()
                        .filter(m -> m.awaitingJoin == null && m.awaitingSync == null && m.heartbeatDeadlineMs < now)
                        .map(m -> m.memberId).toList();
                for (String id : expired) {
                    removeMember(group, id, "expired (no heartbeat within its session timeout)");
                }
                if (group.is(GroupState.PREPARING_REBALANCE)) {
                    maybeCompleteJoin(group);
                }
            }
        }
    }

    void persistGroup(ClassicGroup group) {
        topic.writeWithoutWaiting(group.groupId, List.of(Map.entry(GroupRecords.groupKey(group.groupId),
                GroupRecords.groupValue(group.toValue()))));
    }

    /** A snapshot of one group, if it exists. */
    public Optional<GroupSummary> describe(String groupId) {
        ClassicGroup g = groups.get(groupId);
        return g == null ? Optional.empty() : Optional.of(summary(g));
    }

    /** Snapshots of every group. */
    public List<GroupSummary> list() {
        List<GroupSummary> out = new ArrayList<>();
        for (ClassicGroup g : groups.values()) {
            out.add(summary(g));
        }
        return out;
    }

    private static GroupSummary summary(ClassicGroup g) {
        synchronized (g) {
            boolean stable = g.is(GroupState.STABLE);
            List<GroupSummary.Member> members = new ArrayList<>();
            for (GroupMember m : g.members.values()) {
                members.add(new GroupSummary.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                        stable ? m.metadata(g.protocol) : new byte[0], stable ? m.assignment : new byte[0]));
            }
            return new GroupSummary(g.groupId, g.state, g.protocolType == null ? "" : g.protocolType,
                    stable ? g.protocol : "", members);
        }
    }
}
