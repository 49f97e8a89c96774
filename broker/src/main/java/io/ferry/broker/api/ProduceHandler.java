package io.ferry.broker.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;
import io.ferry.broker.txn.TxnVerifier;

/**
 * Produce 3-12: appends each partition's batch as leader. acks=0 gets no response; acks=1 is answered once the batch
 * is in the leader's log; acks=all once the high watermark passed it (at once on a single node, whose leader is the
 * whole ISR), or with REQUEST_TIMED_OUT after the request's timeout, NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR
 * shrank below min.insync.replicas meanwhile, NOT_LEADER_OR_FOLLOWER when leadership moved. Needs WRITE on each topic
 * (else TOPIC_AUTHORIZATION_FAILED for its partitions) and, for transactional records, on the transactional id. A
 * transactional batch that would open a transaction in a partition is first verified with the transaction's
 * coordinator (KIP-890, {@link TxnVerification}); a partition not in the transaction gets INVALID_TXN_STATE.
 */
public final class ProduceHandler implements ApiFamily {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final PartitionManager partitions;
    private final ScheduledExecutorService timer;
    private final Authorization authz;
    private final TxnVerifier verifier;

    public ProduceHandler(PartitionManager partitions, ScheduledExecutorService timer, Authorization authz,
                          TxnVerifier verifier) {
        this.verifier = verifier;
        this.partitions = partitions;
        this.timer = timer;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.PRODUCE, 3, 12, this::produce);
    }

    private CompletableFuture<AbstractResponse> produce(RequestContext ctx, ProduceRequest request) {
        if (RequestUtils.hasTransactionalRecords(request) && (request.transactionalId() == null
                || !authz.allowed(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId()))) {
            return ApiHandler.done(request.getErrorResponse(0, new TransactionalIdAuthorizationException(
                    "Transactional Id authorization failed")));
        }
        java.util.Set<String> writable = authz.allowedNames(ctx, AclOperation.WRITE, ResourceType.TOPIC,
                request.data().topicData().stream().map(ProduceRequestData.TopicProduceData::name).toList(), true);
        TxnVerification verification = TxnVerification.start(verifier, partitions, request, writable);
        if (verification.isEmpty()) {
            return appendAll(request, writable, verification);
        }
        return verification.verified().thenCompose(v -> appendAll(request, writable, verification));
    }

    private CompletableFuture<AbstractResponse> appendAll(ProduceRequest request, java.util.Set<String> writable,
                                                          TxnVerification verification) {
        short acks = request.acks();
        ProduceResponseData resp = new ProduceResponseData();
        List<Pending> commits = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topic : request.data().topicData()) {
            TopicProduceResponse tr = new TopicProduceResponse().setName(topic.name());
            for (ProduceRequestData.PartitionProduceData pd : topic.partitionData()) {
                PartitionProduceResponse pr = new PartitionProduceResponse().setIndex(pd.index())
                        .setBaseOffset(-1).setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP).setLogStartOffset(-1);
                tr.partitionResponses().add(pr);
                if (!writable.contains(topic.name())) {
                    pr.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), pd.index());
                Errors refused = verification.error(tp);
                if (refused != Errors.NONE) {
                    pr.setErrorCode(refused.code()).setErrorMessage(refused == Errors.INVALID_TXN_STATE
                            ? "The partition was not added to the transaction" : null);
                    continue;
                }
                Partition.ProduceResult r = appendOne(tp, (MemoryRecords) pd.records(), acks, pr,
                        verification.token(tp));
                if (r != null && acks == -1) {
                    Partition partition = partitions.partition(tp).orElseThrow();
                    commits.add(new Pending(pr, partition.awaitCommit(r.lastOffset())));
                }
            }
            resp.responses().add(tr);
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(null);
        }
        if (commits.stream().allMatch(p -> p.commit().isDone())) {
            // Already committed (a single node, or followers that were faster): no timer needed.
            commits.forEach(p -> {
                Errors e = p.commit().join();
                if (e != Errors.NONE) {
                    p.response().setErrorCode(e.code());
                }
            });
            return ApiHandler.done(new ProduceResponse(resp));
        }
        return awaitAll(commits, request.data().timeoutMs(), resp);
    }

    /** An acks=all partition response waiting for its records to be committed. */
    private record Pending(PartitionProduceResponse response, CompletableFuture<Errors> commit) {
    }

    /**
     * Answers when every partition's records are committed, or after {@code timeoutMs} with REQUEST_TIMED_OUT for
     * those still waiting. The response is filled in once, by whichever comes first.
     */
    private CompletableFuture<AbstractResponse> awaitAll(List<Pending> commits, int timeoutMs,
                                                         ProduceResponseData resp) {
        CompletableFuture<AbstractResponse> done = new CompletableFuture<>();
        Runnable answer = () -> {
            synchronized (done) {
                if (done.isDone()) {
                    return;
                }
                for (Pending p : commits) {
                    Errors e = p.commit().getNow(Errors.REQUEST_TIMED_OUT);
                    if (e != Errors.NONE) {
                        p.response().setErrorCode(e.code());
                    }
                }
                done.complete(new ProduceResponse(resp));
            }
        };
        var timeout = timer.schedule(answer, Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        CompletableFuture.allOf(commits.stream().map(Pending::commit).toArray(CompletableFuture[]::new))
                .whenComplete((v, t) -> {
                    timeout.cancel(false);
                    answer.run();
                });
        return done;
    }

    private Partition.ProduceResult appendOne(TopicPartition tp, MemoryRecords records, short acks,
                                              PartitionProduceResponse pr, Object verified) {
        if (acks != 0 && acks != 1 && acks != -1) {
            pr.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code())
                    .setErrorMessage("acks must be -1 (all), 0 or 1, got " + acks);
            return null;
        }
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return null;
        }
        if (records == null) {
            pr.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("no records for " + tp);
            return null;
        }
        try {
            Partition.ProduceResult r = partition.appendVerifiedRecordsAsLeader(records, acks, verified);
            pr.setBaseOffset(r.baseOffset()).setLogAppendTimeMs(r.logAppendTime())
                    .setLogStartOffset(r.logStartOffset());
            return r;
        } catch (ApiException e) {
            LOG.debug("Rejected produce to {}: {}", tp, e.getMessage());
            pr.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        } catch (IOException e) {
            LOG.error("Could not append to {}: {}", tp, e.toString());
            pr.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
        return null;
    }
}
