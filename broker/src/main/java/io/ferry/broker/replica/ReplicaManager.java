package io.ferry.broker.replica;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.client.ChannelSecurity;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.MetadataListener;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * Gives each local replica the role the cluster metadata assigns it: leader (when the state names this broker, in a
 * newer epoch) or follower of another broker, replicated by one {@link ReplicaFetcher} per leader. Commits the ISR
 * changes leaders propose, and checks every {@code replica.lag.time.max.ms / 2} for followers that fell behind.
 * Acts only on states whose leader epoch is at least the replica's, so a stale notification changes nothing.
 */
public final class ReplicaManager implements MetadataListener, Partition.IsrChanges, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);

    private final ClusterMetadata metadata;
    private final PartitionManager partitions;
    private final int localBroker;
    private final ReplicationSettings settings;
    private final ChannelSecurity security;
    private final ScheduledExecutorService scheduler;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> followedLeader = new HashMap<>();
    private ScheduledFuture<?> isrCheck;
    private boolean closed;
    private boolean fetching = true;

    private final ReplicationThrottle throttle;

    public ReplicaManager(ClusterMetadata metadata, PartitionManager partitions, ReplicationSettings settings,
                          ScheduledExecutorService scheduler, ChannelSecurity security, ReplicationThrottle throttle) {
        this.security = security;
        this.throttle = throttle;
        this.metadata = metadata;
        this.partitions = partitions;
        this.localBroker = partitions.localBroker();
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Applies the current metadata to every local replica and starts watching for changes. */
    public void start() {
        metadata.addListener(this);
        for (TopicMetadata t : metadata.topics()) {
            apply(t, t.partitions());
        }
        long interval = Math.max(1, settings.lagTimeMaxMs() / 2);
        isrCheck = scheduler.scheduleWithFixedDelay(this::shrinkIsrs, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void topicCreated(TopicMetadata topic) {
        apply(topic, topic.partitions());
    }

    @Override
    public void partitionsAdded(TopicMetadata topic, int previousCount) {
        apply(topic, topic.partitions().subList(previousCount, topic.partitions().size()));
    }

    @Override
    public void partitionsChanged(TopicMetadata topic, List<PartitionState> changed) {
        apply(topic, changed);
    }

    @Override
    public synchronized void topicDeleted(TopicMetadata topic) {
        for (PartitionState s : topic.partitions()) {
            stopFollowing(new TopicPartition(topic.name(), s.partition()));
        }
    }

    @Override
    public void configChanged(TopicMetadata topic) {
    }

    private synchronized void apply(TopicMetadata topic, List<PartitionState> states) {
        if (closed) {
            return;
        }
        for (PartitionState s : states) {
            TopicPartition tp = new TopicPartition(topic.name(), s.partition());
            Partition p = partitions.partition(tp).orElse(null);
            if (p != null && !s.replicas().contains(localBroker) && !s.replicas().isEmpty()) {
                removeReplica(tp, p, s);
                continue;
            }
            if (p == null || !s.replicas().contains(localBroker) || s.leaderEpoch() < p.leaderEpoch()) {
                continue;
            }
            try {
                if (s.leader() == localBroker) {
                    if (!p.isLeader() || s.leaderEpoch() > p.leaderEpoch()) {
                        stopFollowing(tp);
                        p.becomeLeader(s);
                        LOG.info("Leading {} in epoch {} (replicas {}, ISR {})", tp, s.leaderEpoch(), s.replicas(),
                                s.isr());
                        partitions.fireElected(p);
                    } else {
                        p.isrChangeCommitted(s);
                    }
                } else if (p.isLeader() || s.leaderEpoch() > p.leaderEpoch() || s.leader() != p.leader()
                        || (s.leader() >= 0 && !followedLeader.containsKey(tp))) {
                    boolean wasLeader = p.isLeader();
                    p.becomeFollower(s);
                    if (wasLeader) {
                        partitions.fireResigned(p);
                    }
                    follow(tp, p, s);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not apply the new state of {} (leader {}, epoch {}): {}", tp, s.leader(),
                        s.leaderEpoch(), e.toString());
            }
        }
    }

    /** This broker is no longer a replica of {@code tp} (reassigned away): stop its role and delete its log. */
    private void removeReplica(TopicPartition tp, Partition p, PartitionState s) {
        stopFollowing(tp);
        if (p.isLeader()) {
            p.becomeFollower(s);
            partitions.fireResigned(p);
        }
        partitions.removeReplica(tp);
        LOG.info("No longer a replica of {} (replicas now {}): stopped and deleted its log", tp, s.replicas());
    }

    private void follow(TopicPartition tp, Partition p, PartitionState s) {
        stopFollowing(tp);
        if (!fetching) {
            return;
        }
        if (s.leader() < 0) {
            LOG.info("{} has no leader (epoch {}); waiting", tp, s.leaderEpoch());
            return;
        }
        BrokerNode leader = metadata.broker(s.leader()).orElse(null);
        if (leader == null) {
            LOG.warn("{}: leader {} is not a live broker; waiting for new metadata", tp, s.leader());
            return;
        }
        ReplicaFetcher fetcher = fetchers.computeIfAbsent(s.leader(), id -> {
            ReplicaFetcher f = new ReplicaFetcher(localBroker, id, leader.host(), leader.port(), settings,
                    security, throttle);
            f.start();
            return f;
        });
        fetcher.retarget(leader.host(), leader.port());
        fetcher.add(new FetchTarget(p, s.leaderEpoch()));
        followedLeader.put(tp, s.leader());
        LOG.info("Following {} from broker {} in epoch {}", tp, s.leader(), s.leaderEpoch());
    }

    private void stopFollowing(TopicPartition tp) {
        Integer leader = followedLeader.remove(tp);
        if (leader == null) {
            return;
        }
        ReplicaFetcher f = fetchers.get(leader);
        if (f != null) {
            f.remove(tp);
            if (f.isEmpty()) {
                fetchers.remove(leader);
                f.close();
            }
        }
    }

    /**
     * Stops replicating (a broker about to stop): followers fetch no more, so they cannot be taken back into an ISR,
     * while roles still follow the metadata, so leaderships moved away are given up here too.
     */
    public synchronized void stopFetching() {
        fetching = false;
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        followedLeader.clear();
    }

    @Override
    public boolean isEligible(int broker) {
        return metadata.isLive(broker);
    }

    /** A leader's proposed ISR change goes to the cluster metadata; the outcome goes back to the partition. */
    @Override
    public void propose(Partition partition, PartitionState proposed) {
        TopicPartition tp = partition.topicPartition();
        LOG.info("Proposing ISR {} for {} (was {}, epoch {})", proposed.isr(), tp,
                partition.leaderState().map(PartitionState::isr).orElse(List.of()), proposed.leaderEpoch());
        metadata.alterIsr(tp.topic(), proposed).whenComplete((committed, error) -> {
            if (error == null) {
                partition.isrChangeCommitted(committed);
            } else {
                LOG.info("ISR change of {} not committed ({}); waiting for its new state", tp, error.toString());
                partition.isrChangeFailed();
            }
        });
    }

    private void shrinkIsrs() {
        long now = System.currentTimeMillis();
        for (Partition p : partitions.all().values()) {
            if (p.isLeader()) {
                try {
                    p.maybeShrinkIsr(now, settings.lagTimeMaxMs());
                } catch (RuntimeException e) {
                    LOG.warn("Could not check the ISR of {}: {}", p.topicPartition(), e.toString());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (isrCheck != null) {
            isrCheck.cancel(false);
        }
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        followedLeader.clear();
    }
}
