package io.ferry.broker.txn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.client.BrokerChannel;
import io.ferry.broker.client.ChannelSecurity;
import io.ferry.broker.cluster.BrokerNode;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.cluster.TopicMetadata;

/**
 * Delivers the markers of an ended transaction to every partition it touched. Partitions led by this broker are
 * written directly; the others get WriteTxnMarkers at their current leader (from the cluster metadata). When every
 * partition is led here and the markers are committed at once (a single-node broker), {@link #send} completes before
 * it returns. Otherwise rounds run on the marker threads, never a network thread: after a retriable error
 * (NOT_LEADER_OR_FOLLOWER, a lost connection, no leader, replicas behind) the partition's leader is looked up again
 * and the round repeats after a growing back-off, until every partition is done or this broker stops coordinating
 * the transaction (its new coordinator sends the markers again).
 */
public final class MarkerSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerSender.class);
    private static final short VERSION = 1;
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1_000;

    /** The markers of one ended transaction; {@code stillCoordinator} is false once another broker took over. */
    public record Job(String transactionalId, long producerId, short epoch, int coordinatorEpoch, boolean commit,
                      List<TopicPartition> partitions, BooleanSupplier stillCoordinator) {
    }

    private final int localBroker;
    private final ClusterMetadata metadata;
    private final MarkerWriter writer;
    private final int timeoutMs;
    private final ChannelSecurity security;
    private final ScheduledExecutorService executor;
    private final Map<Integer, BrokerChannel> channels = new ConcurrentHashMap<>();

    public MarkerSender(int localBroker, ClusterMetadata metadata, MarkerWriter writer, int threads, int timeoutMs,
                        ChannelSecurity security) {
        this.security = security;
        this.localBroker = localBroker;
        this.metadata = metadata;
        this.writer = writer;
        this.timeoutMs = timeoutMs;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "ferry-txn-markers");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /**
     * Delivers the job's markers; completes with true once every partition has its marker, with false when this
     * broker stopped coordinating the transaction first or a partition fenced the job (a newer coordinator or
     * producer epoch wrote there: TRANSACTION_COORDINATOR_FENCED, INVALID_PRODUCER_EPOCH).
     */
    public CompletableFuture<Boolean> send(Job job) {
        Set<TopicPartition> remaining = new LinkedHashSet<>(job.partitions());
        List<CompletableFuture<Errors>> local = new ArrayList<>();
        boolean allLocal = remaining.stream().allMatch(tp -> leaderOf(tp).orElse(-1) == localBroker);
        if (allLocal) {
            for (TopicPartition tp : job.partitions()) {
                CompletableFuture<Errors> f = writer.write(tp, job.producerId(), job.epoch(), job.commit(),
                        job.coordinatorEpoch());
                local.add(f);
                if (f.getNow(null) == Errors.NONE) {
                    remaining.remove(tp);
                }
            }
        }
        if (remaining.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        Delivery d = new Delivery(job, remaining);
        executor.execute(d::round);
        return d.done;
    }

    private Optional<Integer> leaderOf(TopicPartition tp) {
        return metadata.topic(tp.topic()).filter(t -> tp.partition() < t.partitions().size())
                .map(t -> t.partitions().get(tp.partition()).leader());
    }

    /** The markers of one job still to deliver, and the back-off before the next round. */
    private final class Delivery {
        private final Job job;
        private final Set<TopicPartition> remaining;
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();
        private long backoffMs = MIN_BACKOFF_MS;
        private boolean fenced;

        Delivery(Job job, Set<TopicPartition> remaining) {
            this.job = job;
            this.remaining = remaining;
        }

        void round() {
            try {
                if (!job.stillCoordinator().getAsBoolean()) {
                    LOG.info("Stopped sending the markers of {} (producer {} epoch {}): no longer its coordinator",
                            job.transactionalId(), job.producerId(), job.epoch());
                    done.complete(false);
                    return;
                }
                Map<Integer, List<TopicPartition>> byLeader = new TreeMap<>();
                for (TopicPartition tp : List.copyOf(remaining)) {
                    Optional<TopicMetadata> topic = metadata.topic(tp.topic());
                    if (topic.isEmpty() || tp.partition() >= topic.get().partitions().size()) {
                        LOG.info("Dropping the marker of {} for {}: the partition was deleted",
                                job.transactionalId(), tp);
                        remaining.remove(tp);
                        continue;
                    }
                    PartitionState state = topic.get().partitions().get(tp.partition());
                    if (state.leader() >= 0) {
                        byLeader.computeIfAbsent(state.leader(), l -> new ArrayList<>()).add(tp);
                    }
                }
                for (Map.Entry<Integer, List<TopicPartition>> e : byLeader.entrySet()) {
                    if (e.getKey() == localBroker) {
                        writeLocally(e.getValue());
                    } else {
                        sendTo(e.getKey(), e.getValue());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Marker round for {} failed, retrying: {}", job.transactionalId(), e.toString());
            }
            if (fenced) {
                done.complete(false);
                return;
            }
            if (remaining.isEmpty()) {
                done.complete(true);
                return;
            }
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            executor.schedule(this::round, delay, TimeUnit.MILLISECONDS);
        }

        private void writeLocally(List<TopicPartition> tps) {
            for (TopicPartition tp : tps) {
                Errors error;
                try {
                    error = writer.write(tp, job.producerId(), job.epoch(), job.commit(), job.coordinatorEpoch())
                            .get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    error = Errors.forException(e.getCause());
                }
                settle(tp, error, localBroker);
            }
        }

        private void sendTo(int leader, List<TopicPartition> tps) {
            BrokerNode node = metadata.broker(leader).orElse(null);
            if (node == null) {
                return; // the leader is not alive: wait for the election
            }
            BrokerChannel channel = channels.computeIfAbsent(leader, id -> new BrokerChannel(
                    "ferry-txn-markers-" + localBroker, node.host(), node.port(), timeoutMs, security));
            WriteTxnMarkersRequestData.WritableTxnMarker marker = new WriteTxnMarkersRequestData.WritableTxnMarker()
                    .setProducerId(job.producerId()).setProducerEpoch(job.epoch())
                    .setTransactionResult(job.commit()).setCoordinatorEpoch(job.coordinatorEpoch());
            Map<String, WriteTxnMarkersRequestData.WritableTxnMarkerTopic> topics = new TreeMap<>();
            for (TopicPartition tp : tps) {
                topics.computeIfAbsent(tp.topic(), n -> new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                        .setName(n)).partitionIndexes().add(tp.partition());
            }
            marker.topics().addAll(topics.values());
            WriteTxnMarkersRequest request = new WriteTxnMarkersRequest.Builder(
                    new WriteTxnMarkersRequestData().setMarkers(new ArrayList<>(List.of(marker)))).build(VERSION);
            AbstractResponse response;
            try {
                synchronized (channel) {
                    channel.retarget(node.host(), node.port());
                    response = channel.send(request);
                }
            } catch (IOException e) {
                LOG.debug("WriteTxnMarkers to broker {} for {} failed, retrying: {}", leader,
                        job.transactionalId(), e.toString());
                return;
            }
            for (WriteTxnMarkersResponseData.WritableTxnMarkerResult r
                    : ((WriteTxnMarkersResponse) response).data().markers()) {
                for (WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult t : r.topics()) {
                    for (WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult p : t.partitions()) {
                        settle(new TopicPartition(t.name(), p.partitionIndex()), Errors.forCode(p.errorCode()),
                                leader);
                    }
                }
            }
        }

        private void settle(TopicPartition tp, Errors error, int leader) {
            if (error == Errors.NONE) {
                remaining.remove(tp);
            } else if (error == Errors.TRANSACTION_COORDINATOR_FENCED || error == Errors.INVALID_PRODUCER_EPOCH) {
                // A newer coordinator or producer epoch wrote there already: this job's decision is stale.
                LOG.info("Abandoning the markers of {} (producer {} epoch {}, coordinator epoch {}): {} at {}",
                        job.transactionalId(), job.producerId(), job.epoch(), job.coordinatorEpoch(), error, tp);
                fenced = true;
            } else {
                LOG.debug("Marker of {} for {} at broker {} failed with {}, retrying", job.transactionalId(), tp,
                        leader, error);
            }
        }
    }

    /** Runs a coordinator task on the marker threads after {@code delayMs}. */
    void schedule(Runnable task, long delayMs) {
        executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The marker threads, for coordinator work that must stay off the network threads. */
    java.util.concurrent.Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        channels.values().forEach(BrokerChannel::close);
    }
}
