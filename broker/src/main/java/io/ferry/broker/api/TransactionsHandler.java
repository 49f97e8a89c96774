package io.ferry.broker.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.group.CommittedOffset;
import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.InternalTopic;
import io.ferry.broker.producer.ProducerIdAllocator;
import io.ferry.broker.txn.TransactionCoordinator;

/**
 * Producer ids and transactions: InitProducerId 0-5 (idempotent producers get a fresh id or, KIP-360, a bumped
 * epoch; transactional ids go to the coordinator), AddPartitionsToTxn 0-3 from clients and 4 from partition leaders
 * (KIP-890 verification, CLUSTER_ACTION on the cluster), AddOffsetsToTxn 0-4, EndTxn 0-4 (answered
 * once the coordinator's PREPARE is committed) and TxnOffsetCommit 0-4. Each needs WRITE on its transactional id;
 * partitions WRITE (AddPartitionsToTxn) or READ (TxnOffsetCommit) on their topic, and offsets READ on the group. An
 * idempotent producer's id needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic.
 */
public final class TransactionsHandler implements ApiFamily {

    private final ProducerIdAllocator ids;
    private final TransactionCoordinator txns;
    private final GroupOffsets offsets;

    private final InternalTopic txnTopic;
    private final InternalTopic offsetsTopic;
    private final Authorization authz;

    public TransactionsHandler(ProducerIdAllocator ids, TransactionCoordinator txns, GroupOffsets offsets,
                               InternalTopic txnTopic, InternalTopic offsetsTopic, Authorization authz) {
        this.authz = authz;
        this.ids = ids;
        this.txns = txns;
        this.offsets = offsets;
        this.txnTopic = txnTopic;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.INIT_PRODUCER_ID, 0, 5, authorizeInit(CoordinatorGuard.ownedKey(txnTopic,
                (InitProducerIdRequest r) -> r.data().transactionalId(),
                (RequestContext ctx, InitProducerIdRequest r) -> ApiHandler.done(init(r.data())))));
        ApiHandler<AddPartitionsToTxnRequest> fromClient = txnGuard(
                (AddPartitionsToTxnRequest r) -> r.data().v3AndBelowTransactionalId(),
                (RequestContext ctx, AddPartitionsToTxnRequest r) -> ApiHandler.done(addPartitions(ctx, r)));
        ApiHandler<AddPartitionsToTxnRequest> fromBroker = AuthGuard.cluster(authz, AclOperation.CLUSTER_ACTION,
                ApiHandler.on(txnTopic.isReplicated() ? txnTopic.executor() : null,
                        (RequestContext ctx, AddPartitionsToTxnRequest r) -> ApiHandler.done(brokerBatch(r))));
        registry.register(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 4, (RequestContext ctx, AddPartitionsToTxnRequest r) ->
                r.version() >= 4 ? fromBroker.handle(ctx, r) : fromClient.handle(ctx, r));
        registry.register(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4, txnGuard(
                (AddOffsetsToTxnRequest r) -> r.data().transactionalId(), AuthGuard.group(authz, AclOperation.READ,
                (AddOffsetsToTxnRequest r) -> r.data().groupId(),
                (RequestContext ctx, AddOffsetsToTxnRequest r) ->
                        ApiHandler.done(new AddOffsetsToTxnResponse(new AddOffsetsToTxnResponseData().setErrorCode(
                                txns.addOffsets(r.data().transactionalId(), r.data().producerId(),
                                        r.data().producerEpoch(), r.data().groupId()).code()))))));
        registry.register(ApiKeys.END_TXN, 0, 4, txnGuard(
                (EndTxnRequest r) -> r.data().transactionalId(),
                (RequestContext ctx, EndTxnRequest r) -> txns.endTxn(r.data().transactionalId(),
                        r.data().producerId(), r.data().producerEpoch(), r.data().committed())
                        .thenApply(e -> new EndTxnResponse(new EndTxnResponseData().setErrorCode(e.code())))));
        registry.register(ApiKeys.TXN_OFFSET_COMMIT, 0, 4, AuthGuard.transactionalId(authz, AclOperation.WRITE,
                (TxnOffsetCommitRequest r) -> r.data().transactionalId(), AuthGuard.group(authz, AclOperation.READ,
                (TxnOffsetCommitRequest r) -> r.data().groupId(), CoordinatorGuard.ownedKey(offsetsTopic,
                (TxnOffsetCommitRequest r) -> r.data().groupId(),
                (RequestContext ctx, TxnOffsetCommitRequest r) -> ApiHandler.done(txnOffsetCommit(r.data(),
                        authz.allowedNames(ctx, AclOperation.READ, ResourceType.TOPIC, r.data().topics().stream()
                                .map(t -> t.name()).toList(), true)))))));
    }

    /** WRITE on the request's transactional id, then this broker must coordinate it. */
    private <R extends org.apache.kafka.common.requests.AbstractRequest> ApiHandler<R> txnGuard(
            java.util.function.Function<R, String> id, ApiHandler<R> handler) {
        return AuthGuard.transactionalId(authz, AclOperation.WRITE, id,
                CoordinatorGuard.ownedKey(txnTopic, id, handler));
    }

    /**
     * InitProducerId: WRITE on the transactional id; without one (an idempotent producer) IDEMPOTENT_WRITE on the
     * cluster or WRITE on any topic.
     */
    private ApiHandler<InitProducerIdRequest> authorizeInit(ApiHandler<InitProducerIdRequest> handler) {
        ApiHandler<InitProducerIdRequest> transactional = AuthGuard.transactionalId(authz, AclOperation.WRITE,
                r -> r.data().transactionalId(), handler);
        return (ctx, r) -> {
            if (r.data().transactionalId() != null) {
                return transactional.handle(ctx, r);
            }
            if (authz.allowedQuietly(ctx, AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER,
                    org.apache.kafka.common.resource.Resource.CLUSTER_NAME)
                    || authz.allowedOnAny(ctx, AclOperation.WRITE, ResourceType.TOPIC)) {
                return handler.handle(ctx, r);
            }
            return ApiHandler.done(r.getErrorResponse(0, new ClusterAuthorizationException(
                    "Cluster authorization failed: an idempotent producer needs IDEMPOTENT_WRITE on the cluster or "
                            + "WRITE on a topic")));
        };
    }

    private InitProducerIdResponse init(InitProducerIdRequestData req) {
        InitProducerIdResponseData resp = new InitProducerIdResponseData().setProducerId(-1)
                .setProducerEpoch((short) -1);
        if (req.transactionalId() != null) {
            TransactionCoordinator.ProducerIdAndEpoch r = txns.initProducerId(req.transactionalId(),
                    req.transactionTimeoutMs(), req.producerId(), req.producerEpoch());
            return new InitProducerIdResponse(resp.setErrorCode(r.error().code()).setProducerId(r.producerId())
                    .setProducerEpoch(r.epoch()));
        }
        boolean bump = req.producerId() != RecordBatch.NO_PRODUCER_ID
                && req.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH
                && req.producerEpoch() < Short.MAX_VALUE - 1;
        if (bump) {
            resp.setProducerId(req.producerId()).setProducerEpoch((short) (req.producerEpoch() + 1));
        } else {
            resp.setProducerId(ids.nextProducerId()).setProducerEpoch((short) 0);
        }
        return new InitProducerIdResponse(resp.setErrorCode(Errors.NONE.code()));
    }

    private AddPartitionsToTxnResponse addPartitions(RequestContext ctx, AddPartitionsToTxnRequest request) {
        var data = request.data();
        List<TopicPartition> tps = AddPartitionsToTxnRequest.getPartitions(data.v3AndBelowTopics());
        java.util.Set<String> writable = authz.allowedNames(ctx, AclOperation.WRITE, ResourceType.TOPIC,
                tps.stream().map(TopicPartition::topic).toList(), true);
        Map<TopicPartition, Errors> errors;
        if (tps.stream().allMatch(tp -> writable.contains(tp.topic()))) {
            errors = txns.addPartitions(data.v3AndBelowTransactionalId(), data.v3AndBelowProducerId(),
                    data.v3AndBelowProducerEpoch(), tps);
        } else {
            // As Kafka: nothing is added; the denied partitions say why, the others OPERATION_NOT_ATTEMPTED.
            errors = new LinkedHashMap<>();
            tps.forEach(tp -> errors.put(tp, writable.contains(tp.topic()) ? Errors.OPERATION_NOT_ATTEMPTED
                    : Errors.TOPIC_AUTHORIZATION_FAILED));
        }
        AddPartitionsToTxnResponseData resp = new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(
                AddPartitionsToTxnResponse.resultForTransaction(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID, errors)
                        .topicResults());
        return new AddPartitionsToTxnResponse(resp);
    }

    /**
     * AddPartitionsToTxn v4+, from a partition leader (KIP-890): per transaction, verifyOnly checks that the
     * partitions are in the open transaction; otherwise they are added, as for a client.
     */
    private AddPartitionsToTxnResponse brokerBatch(AddPartitionsToTxnRequest request) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection results =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection();
        for (var txn : request.data().transactions()) {
            List<TopicPartition> tps = AddPartitionsToTxnRequest.getPartitions(txn.topics());
            Errors ownership = txnTopic.ownership(txn.transactionalId());
            Map<TopicPartition, Errors> errors;
            if (ownership != Errors.NONE) {
                errors = new LinkedHashMap<>();
                for (TopicPartition tp : tps) {
                    errors.put(tp, ownership);
                }
            } else if (txn.verifyOnly()) {
                errors = txns.verifyPartitions(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), tps);
            } else {
                errors = txns.addPartitions(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), tps);
            }
            results.add(AddPartitionsToTxnResponse.resultForTransaction(txn.transactionalId(), errors));
        }
        return new AddPartitionsToTxnResponse(new AddPartitionsToTxnResponseData().setResultsByTransaction(results));
    }

    private TxnOffsetCommitResponse txnOffsetCommit(TxnOffsetCommitRequestData req, java.util.Set<String> readable) {
        Map<TopicPartition, CommittedOffset> toCommit = new LinkedHashMap<>();
        Map<TopicPartition, Errors> denied = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t : req.topics()) {
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
                if (!readable.contains(t.name())) {
                    denied.put(new TopicPartition(t.name(), p.partitionIndex()), Errors.TOPIC_AUTHORIZATION_FAILED);
                    continue;
                }
                int epoch = p.committedLeaderEpoch();
                toCommit.put(new TopicPartition(t.name(), p.partitionIndex()), new CommittedOffset(p.committedOffset(),
                        epoch < 0 ? Optional.empty() : Optional.of(epoch),
                        p.committedMetadata() == null ? "" : p.committedMetadata(), now));
            }
        }
        // The group's coordinator checks the producer only when it also coordinates the transactional id; in a
        // cluster the two often differ, and (as in Kafka without KIP-890 verification) the offsets then count only
        // if the transaction's coordinator writes its commit marker to this partition of __consumer_offsets.
        Errors producerError = txnTopic.ownership(req.transactionalId()) == Errors.NONE
                ? txns.validateProducer(req.transactionalId(), req.producerId(), req.producerEpoch())
                : Errors.NONE;
        Map<TopicPartition, Errors> result = new LinkedHashMap<>(denied);
        if (producerError != Errors.NONE) {
            toCommit.keySet().forEach(tp -> result.put(tp, producerError));
        } else if (!toCommit.isEmpty() || denied.isEmpty()) {
            result.putAll(offsets.commitTransactional(req.groupId(), req.producerId(), req.producerEpoch(),
                    req.memberId(), req.groupInstanceId(), req.generationId(), toCommit));
        }
        TxnOffsetCommitResponseData resp = new TxnOffsetCommitResponseData();
        Map<String, TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic> byTopic = new LinkedHashMap<>();
        result.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(),
                        n -> new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(n))
                .partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(tp.partition()).setErrorCode(e.code())));
        resp.topics().addAll(byTopic.values());
        return new TxnOffsetCommitResponse(resp);
    }
}
