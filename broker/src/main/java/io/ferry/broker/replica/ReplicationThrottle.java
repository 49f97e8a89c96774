package io.ferry.broker.replica;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.DynamicBrokerConfigs;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;

/**
 * Kafka's replication throttles on this broker: {@code leader.replication.throttled.rate} limits what it sends to
 * followers of the replicas a topic's {@code leader.replication.throttled.replicas} names, and
 * {@code follower.replication.throttled.rate} what it fetches for those named in
 * {@code follower.replication.throttled.replicas}. As in Kafka, only replicas outside the ISR are held back (a
 * reassignment's new replicas), so acks=all writes never wait for a throttle. Rates come from the dynamic broker
 * settings and apply as soon as they change.
 */
public final class ReplicationThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationThrottle.class);

    private final int localBroker;
    private final ClusterMetadata metadata;
    private final ReplicationQuota leader = new ReplicationQuota();
    private final ReplicationQuota follower = new ReplicationQuota();

    public ReplicationThrottle(int localBroker, ClusterMetadata metadata, DynamicBrokerConfigs configs) {
        this.localBroker = localBroker;
        this.metadata = metadata;
        configs.onChange(() -> apply(configs));
        apply(configs);
    }

    private void apply(DynamicBrokerConfigs configs) {
        long l = rate(configs.effective(localBroker, DynamicBrokerConfigs.LEADER_RATE));
        long f = rate(configs.effective(localBroker, DynamicBrokerConfigs.FOLLOWER_RATE));
        if (l != leader.rate() || f != follower.rate()) {
            leader.setRate(l);
            follower.setRate(f);
            LOG.info("Replication throttle of broker {}: leader {}, follower {}", localBroker, describe(leader),
                    describe(follower));
        }
    }

    private static long rate(String value) {
        try {
            return value == null ? Long.MAX_VALUE : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String describe(ReplicationQuota q) {
        return q.isUnlimited() ? "unlimited" : q.rate() + " bytes/s";
    }

    /** Whether this follower should leave {@code tp} out of its next fetch (throttled, out of sync, over quota). */
    boolean followerHolds(TopicPartition tp, long nowMs) {
        return !follower.isUnlimited() && followerThrottled(tp) && !inSync(tp, localBroker)
                && follower.isExceeded(nowMs);
    }

    /** Counts bytes this follower fetched for {@code tp} when it is a throttled replica. */
    void followerFetched(TopicPartition tp, long bytes, long nowMs) {
        if (!follower.isUnlimited() && bytes > 0 && followerThrottled(tp) && !inSync(tp, localBroker)) {
            follower.record(bytes, nowMs);
        }
    }

    /**
     * Whether this leader should send {@code replica} no data of {@code tp} now (throttled, the replica out of sync,
     * over quota); otherwise the caller reports what it sends with {@link #leaderSent}.
     */
    public boolean leaderHolds(TopicPartition tp, int replica, long nowMs) {
        return !leader.isUnlimited() && leaderThrottled(tp) && !inSync(tp, replica) && leader.isExceeded(nowMs);
    }

    public void leaderSent(TopicPartition tp, int replica, long bytes, long nowMs) {
        if (!leader.isUnlimited() && bytes > 0 && leaderThrottled(tp) && !inSync(tp, replica)) {
            leader.record(bytes, nowMs);
        }
    }

    private boolean followerThrottled(TopicPartition tp) {
        return listed(tp, ThrottledReplicas.FOLLOWER);
    }

    private boolean leaderThrottled(TopicPartition tp) {
        return listed(tp, ThrottledReplicas.LEADER);
    }

    private boolean listed(TopicPartition tp, String key) {
        return metadata.topic(tp.topic()).map(t -> ThrottledReplicas.parse(t.configs().get(key))
                .contains(tp.partition(), localBroker)).orElse(false);
    }

    private boolean inSync(TopicPartition tp, int replica) {
        return metadata.topic(tp.topic()).map(TopicMetadata::partitions)
                .filter(ps -> tp.partition() < ps.size()).map(ps -> ps.get(tp.partition()))
                .map(PartitionState::isr).map(isr -> isr.contains(replica)).orElse(false);
    }
}
