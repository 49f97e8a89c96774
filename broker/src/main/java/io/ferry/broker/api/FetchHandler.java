package io.ferry.broker.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.log.ReadResult;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.replica.ReplicationThrottle;
import io.ferry.broker.partition.FetchWaiters;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * Fetch 4-12 without fetch sessions (every response is full and holds every requested partition). Reads are
 * zero-copy file slices; when fewer than {@code min_bytes} are available the fetch waits, up to {@code max_wait_ms},
 * for appends to its partitions. Consumers read from leaders below the high watermark (or last stable offset);
 * followers (a replica id >= 0) read up to the log end, and their fetch offsets move the ISR and high watermark. A
 * follower whose last fetched epoch ends earlier here gets the diverging epoch instead of records. A consumer needs
 * READ on each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions), a follower CLUSTER_ACTION on the cluster.
 */
public final class FetchHandler implements ApiFamily {

    private static final Logger LOG = LoggerFactory.getLogger(FetchHandler.class);

    private final PartitionManager partitions;
    private final FetchWaiters waiters;
    private final Authorization authz;

    private final ReplicationThrottle throttle;

    public FetchHandler(PartitionManager partitions, FetchWaiters waiters, Authorization authz,
                        ReplicationThrottle throttle) {
        this.partitions = partitions;
        this.waiters = waiters;
        this.authz = authz;
        this.throttle = throttle;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.FETCH, 4, 12, this::fetch);
    }

    /** What one read pass produced: the response and how many record bytes it holds. */
    private record Pass(FetchResponseData response, long bytes, boolean answerNow) {
    }

    private CompletableFuture<AbstractResponse> fetch(RequestContext ctx, FetchRequest request) {
        FetchRequestData req = request.data();
        if (req.sessionId() != 0) {
            return ApiHandler.done(FetchResponse.of(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0)));
        }
        int replica = request.replicaId();
        boolean committed = req.isolationLevel() == IsolationLevel.READ_COMMITTED.id();
        // A follower's reads move its progress (ISR, high watermark); a consumer's read below the high watermark.
        PartitionReader read = replica >= 0
                ? (tp, p, budget, first) -> readForFollower(tp, p, replica, budget, System.currentTimeMillis())
                : (tp, p, budget, first) -> readPartition(tp, p, budget, first, committed);
        java.util.Set<String> readable = replica >= 0
                ? (authz.allowedOnCluster(ctx, AclOperation.CLUSTER_ACTION) ? null : java.util.Set.of())
                : authz.allowedNames(ctx, AclOperation.READ, ResourceType.TOPIC,
                        req.topics().stream().map(FetchRequestData.FetchTopic::topic).toList(), true);
        PartitionReader reader = readable == null ? read : (tp, p, budget, first) -> readable.contains(tp.topic())
                ? read.read(tp, p, budget, first) : denied(tp);
        Pass first = read(req, reader);
        if (req.maxWaitMs() <= 0 || first.bytes() >= req.minBytes() || first.answerNow()) {
            return ApiHandler.done(answer(replica, first.response()));
        }
        // Waits for an append (or, for consumers, a high watermark move) up to max_wait_ms; a follower's next fetch,
        // which confirms what it has, then follows each append closely.
        return waiters.await(watched(req), req.maxWaitMs(), () -> read(req, reader).bytes() >= req.minBytes())
                .thenApply(v -> answer(replica, read(req, reader).response()));
    }

    /** The response as sent; what a follower gets of throttled replicas counts against the leader's throttle. */
    private FetchResponse answer(int replica, FetchResponseData response) {
        if (replica >= 0) {
            long now = System.currentTimeMillis();
            for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
                for (FetchResponseData.PartitionData pd : t.partitions()) {
                    throttle.leaderSent(new TopicPartition(t.topic(), pd.partitionIndex()), replica,
                            pd.records() == null ? 0 : pd.records().sizeInBytes(), now);
                }
            }
        }
        return FetchResponse.of(response);
    }

    /** Reads one partition of a fetch within {@code budget} bytes ({@code first}: nothing read before it). */
    @FunctionalInterface
    private interface PartitionReader {
        FetchResponseData.PartitionData read(TopicPartition tp, FetchRequestData.FetchPartition p, int budget,
                                             boolean first);
    }

    private List<Partition> watched(FetchRequestData req) {
        List<Partition> watched = new ArrayList<>();
        for (FetchRequestData.FetchTopic t : req.topics()) {
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                partitions.partition(new TopicPartition(t.topic(), p.partition())).ifPresent(watched::add);
            }
        }
        return watched;
    }

    /**
     * One pass over every requested partition, in order, within the request's max_bytes; answer at once on an error
     * or a diverging epoch.
     */
    private Pass read(FetchRequestData req, PartitionReader reader) {
        FetchResponseData resp = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        long total = 0;
        boolean answerNow = false;
        for (FetchRequestData.FetchTopic t : req.topics()) {
            FetchResponseData.FetchableTopicResponse tr = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(t.topic()).setTopicId(t.topicId());
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                int budget = (int) Math.min(p.partitionMaxBytes(), Math.max(0, req.maxBytes() - total));
                FetchResponseData.PartitionData pd = reader.read(new TopicPartition(t.topic(), p.partition()), p,
                        budget, total == 0);
                total += pd.records() == null ? 0 : pd.records().sizeInBytes();
                answerNow |= pd.errorCode() != Errors.NONE.code() || pd.divergingEpoch().epoch() >= 0;
                tr.partitions().add(pd);
            }
            resp.responses().add(tr);
        }
        return new Pass(resp, total, answerNow);
    }

    private static FetchResponseData.PartitionData denied(TopicPartition tp) {
        return new FetchResponseData.PartitionData().setPartitionIndex(tp.partition()).setRecords(MemoryRecords.EMPTY)
                .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
    }

    private FetchResponseData.PartitionData readForFollower(TopicPartition tp, FetchRequestData.FetchPartition p,
                                                            int replica, int maxBytes, long now) {
        FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                .setPartitionIndex(tp.partition()).setRecords(MemoryRecords.EMPTY)
                .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return pd.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
        if (epochError != Errors.NONE) {
            return pd.setErrorCode(epochError.code());
        }
        try {
            Partition.FollowerRead r = partition.readForFollower(replica, p.fetchOffset(), p.lastFetchedEpoch(),
                    maxBytes, now);
            var log = partition.log();
            pd.setHighWatermark(log.highWatermark()).setLogStartOffset(log.logStartOffset())
                    .setLastStableOffset(log.highWatermark());
            if (r.diverging() != null) {
                pd.divergingEpoch().setEpoch(r.diverging().leaderEpoch()).setEndOffset(r.diverging().endOffset());
                return pd;
            }
            // A throttled replica outside the ISR gets nothing while the leader is over its rate; its progress counts.
            return throttle.leaderHolds(tp, replica, now) ? pd : pd.setRecords(r.records().records());
        } catch (ApiException e) {
            var log = partition.log();
            return pd.setErrorCode(Errors.forException(e).code()).setHighWatermark(log.highWatermark())
                    .setLogStartOffset(log.logStartOffset());
        } catch (IOException e) {
            LOG.error("Could not read {} for replica {}: {}", tp, replica, e.toString());
            return pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }

    private FetchResponseData.PartitionData readPartition(TopicPartition tp, FetchRequestData.FetchPartition p,
                                                          int maxBytes, boolean minOneBatch, boolean committed) {
        FetchResponseData.PartitionData pd = new FetchResponseData.PartitionData()
                .setPartitionIndex(tp.partition()).setRecords(MemoryRecords.EMPTY)
                .setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setAbortedTransactions(committed ? new ArrayList<>() : null);
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return pd.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Errors epochError = partition.checkLeaderEpoch(p.currentLeaderEpoch());
        if (epochError != Errors.NONE) {
            return pd.setErrorCode(epochError.code());
        }
        try {
            ReadResult r = partition.readForConsumer(p.fetchOffset(), maxBytes, minOneBatch, committed);
            Records records = r.records();
            long lso = partition.lastStableOffset();
            if (committed && records.sizeInBytes() > 0) {
                // Records returned all lie below the last stable offset; aborted transactions beyond the returned
                // range are harmless to the client, which applies them in offset order.
                for (var aborted : partition.abortedTransactions(p.fetchOffset(), lso - 1)) {
                    pd.abortedTransactions().add(new FetchResponseData.AbortedTransaction()
                            .setProducerId(aborted.producerId()).setFirstOffset(aborted.firstOffset()));
                }
            }
            return pd.setHighWatermark(r.highWatermark()).setLastStableOffset(lso)
                    .setLogStartOffset(r.logStartOffset()).setRecords(records);
        } catch (ApiException e) {
            var log = partition.log();
            return pd.setErrorCode(Errors.forException(e).code()).setHighWatermark(log.highWatermark())
                    .setLastStableOffset(-1).setLogStartOffset(log.logStartOffset());
        } catch (IOException e) {
            LOG.error("Could not read {}: {}", tp, e.toString());
            return pd.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }
}
