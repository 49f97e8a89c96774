package io.ferry.broker.replica;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.client.ChannelSecurity;
import io.ferry.broker.partition.Partition;

/**
 * One thread replicating every partition this broker follows from one leader broker: it fetches with the Fetch API
 * (version 12, this broker's id as replica id, each log's end offset and last epoch), appends what comes back
 * unchanged, and truncates a divergent suffix where the leader reports a diverging epoch. A partition that gets an
 * error waits {@code replica.fetch.backoff.ms} before it is fetched again; the metadata moves it elsewhere.
 */
final class ReplicaFetcher implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final short FETCH_VERSION = 12;

    private final int localBroker;
    private final int leader;
    private final ReplicationSettings settings;
    private final BrokerChannel channel;
    private final ReplicationThrottle throttle;
    private final Map<TopicPartition, FetchTarget> targets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> delayedUntil = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReplicaFetcher(int localBroker, int leader, String host, int port, ReplicationSettings settings,
                   ChannelSecurity security, ReplicationThrottle throttle) {
        this.localBroker = localBroker;
        this.throttle = throttle;
        this.leader = leader;
        this.settings = settings;
        this.channel = new BrokerChannel("ferry-replica-fetcher-" + localBroker, host, port,
                settings.socketTimeoutMs(), security);
        this.thread = new Thread(this, "ferry-replica-fetcher-" + leader);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    int leader() {
        return leader;
    }

    void retarget(String host, int port) {
        channel.retarget(host, port);
    }

    void add(FetchTarget target) {
        TopicPartition tp = target.partition().topicPartition();
        targets.put(tp, target);
        delayedUntil.remove(tp);
        synchronized (this) {
            notifyAll();
        }
    }

    void remove(TopicPartition tp) {
        targets.remove(tp);
        delayedUntil.remove(tp);
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    @Override
    public void run() {
        while (running) {
            try {
                Map<TopicPartition, FetchTarget> batch = ready();
                if (batch.isEmpty()) {
                    idle();
                    continue;
                }
                fetch(batch);
            } catch (IOException e) {
                LOG.warn("Replication from broker {} at {} failed, retrying in {} ms: {}", leader, channel.address(),
                        settings.fetchBackoffMs(), e.toString());
                pause(settings.fetchBackoffMs());
            } catch (RuntimeException e) {
                LOG.error("Replication from broker {} failed unexpectedly, retrying in {} ms", leader,
                        settings.fetchBackoffMs(), e);
                pause(settings.fetchBackoffMs());
            }
        }
    }

    private Map<TopicPartition, FetchTarget> ready() {
        long now = System.currentTimeMillis();
        Map<TopicPartition, FetchTarget> batch = new HashMap<>();
        targets.forEach((tp, t) -> {
            Long until = delayedUntil.get(tp);
            if ((until == null || until <= now) && !throttle.followerHolds(tp, now)) {
                batch.put(tp, t);
            }
        });
        return batch;
    }

    private synchronized void idle() {
        try {
            wait(Math.max(10, settings.fetchBackoffMs() / 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private synchronized void pause(long ms) {
        try {
            wait(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void fetch(Map<TopicPartition, FetchTarget> batch) throws IOException {
        FetchRequestData data = new FetchRequestData().setReplicaId(localBroker)
                .setMaxWaitMs(settings.fetchWaitMaxMs()).setMinBytes(settings.fetchMinBytes())
                .setMaxBytes(settings.fetchResponseMaxBytes()).setIsolationLevel(IsolationLevel.READ_UNCOMMITTED.id())
                .setSessionId(0).setSessionEpoch(-1);
        Map<String, FetchRequestData.FetchTopic> topics = new HashMap<>();
        batch.forEach((tp, t) -> {
            var log = t.partition().log();
            topics.computeIfAbsent(tp.topic(), name -> {
                FetchRequestData.FetchTopic ft = new FetchRequestData.FetchTopic().setTopic(name);
                data.topics().add(ft);
                return ft;
            }).partitions().add(new FetchRequestData.FetchPartition().setPartition(tp.partition())
                    .setCurrentLeaderEpoch(t.leaderEpoch()).setFetchOffset(log.logEndOffset())
                    .setLastFetchedEpoch(log.latestEpoch()).setLogStartOffset(log.logStartOffset())
                    .setPartitionMaxBytes(settings.fetchMaxBytes()));
        });
        AbstractResponse response = channel.send(new FetchRequest(data, FETCH_VERSION));
        FetchResponseData resp = ((FetchResponse) response).data();
        if (resp.errorCode() != Errors.NONE.code()) {
            throw new IOException("Fetch from broker " + leader + " failed: " + Errors.forCode(resp.errorCode()));
        }
        for (FetchResponseData.FetchableTopicResponse tr : resp.responses()) {
            for (FetchResponseData.PartitionData pd : tr.partitions()) {
                TopicPartition tp = new TopicPartition(tr.topic(), pd.partitionIndex());
                FetchTarget t = batch.get(tp);
                if (t != null && targets.get(tp) == t) {
                    handle(tp, t.partition(), pd);
                }
            }
        }
    }

    private void handle(TopicPartition tp, Partition partition, FetchResponseData.PartitionData pd) {
        Errors error = Errors.forCode(pd.errorCode());
        try {
            switch (error) {
                case NONE -> {
                    if (pd.divergingEpoch().epoch() >= 0 || pd.divergingEpoch().endOffset() >= 0) {
                        truncateDiverged(tp, partition, pd.divergingEpoch().epoch(), pd.divergingEpoch().endOffset());
                    } else {
                        MemoryRecords records = (MemoryRecords) pd.records();
                        partition.appendAsFollower(records, pd.highWatermark());
                        throttle.followerFetched(tp, records.sizeInBytes(), System.currentTimeMillis());
                    }
                }
                case OFFSET_OUT_OF_RANGE -> outOfRange(tp, partition, pd);
                default -> {
                    LOG.debug("Fetching {} from broker {}: {}", tp, leader, error);
                    delayedUntil.put(tp, System.currentTimeMillis() + settings.fetchBackoffMs());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not replicate {} from broker {}, retrying in {} ms: {}", tp, leader,
                    settings.fetchBackoffMs(), e.toString());
            delayedUntil.put(tp, System.currentTimeMillis() + settings.fetchBackoffMs());
        }
    }

    /**
     * The leader ends our last epoch earlier than our log (or lacks it): keep what both logs share, that is up to the
     * smaller of its end offset for the epoch and ours; never truncate to the high watermark (KIP-101). The next fetch
     * states the epoch we then end with, and asks again, until the logs agree.
     */
    private void truncateDiverged(TopicPartition tp, Partition partition, int epoch, long leaderEnd)
            throws IOException {
        var log = partition.log();
        long target;
        if (epoch < 0 || leaderEnd < 0) {
            target = log.highWatermark();
        } else {
            var local = log.endOffsetForEpoch(epoch);
            target = Math.min(leaderEnd, local.endOffset() < 0 ? leaderEnd : local.endOffset());
        }
        target = Math.min(target, log.logEndOffset());
        LOG.info("Truncating {} to offset {} (log end {}): the leader ends epoch {} at {}", tp, target,
                log.logEndOffset(), epoch, leaderEnd);
        partition.truncateTo(Math.max(0, target));
    }

    private void outOfRange(TopicPartition tp, Partition partition, FetchResponseData.PartitionData pd)
            throws IOException {
        var log = partition.log();
        if (pd.logStartOffset() > log.logEndOffset()) {
            LOG.info("Restarting {} at the leader's log start offset {} (our log ends at {})", tp,
                    pd.logStartOffset(), log.logEndOffset());
            partition.truncateFullyAndStartAt(pd.logStartOffset());
        } else if (pd.highWatermark() >= 0 && pd.highWatermark() < log.logEndOffset()) {
            // Only after an unclean election: the new leader's log is shorter than ours.
            LOG.warn("Truncating {} to the leader's high watermark {}: the leader's log ends before ours at {}",
                    tp, pd.highWatermark(), log.logEndOffset());
            partition.truncateTo(pd.highWatermark());
        } else {
            delayedUntil.put(tp, System.currentTimeMillis() + settings.fetchBackoffMs());
        }
    }

    @Override
    public void close() {
        running = false;
        channel.close();
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
