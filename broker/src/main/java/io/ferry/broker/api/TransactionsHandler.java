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

import io.ferry.broker.group.CommittedOffset;
import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.InternalTopic;
import io.ferry.broker.producer.ProducerIdAllocator;
import io.ferry.broker.txn.TransactionCoordinator;

/**
 * Producer ids and transactions: InitProducerId 0-5 (idempotent producers get a fresh id or, KIP-360, a bumped
 * epoch; transactional ids go to the coordinator), AddPartitionsToTxn 0-3, AddOffsetsToTxn 0-4, EndTxn 0-4 (answered
 * once the coordinator's PREPARE is committed) and TxnOffsetCommit 0-4.
 */
public final class TransactionsHandler implements ApiFamily {

    private final ProducerIdAllocator ids;
    private final TransactionCoordinator txns;
    private final GroupOffsets offsets;

    private final InternalTopic txnTopic;
    private final InternalTopic offsetsTopic;

    public TransactionsHandler(ProducerIdAllocator ids, TransactionCoordinator txns, GroupOffsets offsets,
                               InternalTopic txnTopic, InternalTopic offsetsTopic) {
        this.ids = ids;
        this.txns = txns;
        this.offsets = offsets;
        this.txnTopic = txnTopic;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.INIT_PRODUCER_ID, 0, 5, CoordinatorGuard.ownedKey(txnTopic,
                (InitProducerIdRequest r) -> r.data().transactionalId(),
                (RequestContext ctx, InitProducerIdRequest r) -> ApiHandler.done(init(r.data()))));
        registry.register(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3, CoordinatorGuard.ownedKey(txnTopic,
                (AddPartitionsToTxnRequest r) -> r.data().v3AndBelowTransactionalId(),
                (RequestContext ctx, AddPartitionsToTxnRequest r) -> ApiHandler.done(addPartitions(r))));
        registry.register(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4, CoordinatorGuard.ownedKey(txnTopic,
                (AddOffsetsToTxnRequest r) -> r.data().transactionalId(),
                (RequestContext ctx, AddOffsetsToTxnRequest r) ->
                        ApiHandler.done(new AddOffsetsToTxnResponse(new AddOffsetsToTxnResponseData().setErrorCode(
                                txns.addOffsets(r.data().transactionalId(), r.data().producerId(),
                                        r.data().producerEpoch(), r.data().groupId()).code())))));
        registry.register(ApiKeys.END_TXN, 0, 4, CoordinatorGuard.ownedKey(txnTopic,
                (EndTxnRequest r) -> r.data().transactionalId(),
                (RequestContext ctx, EndTxnRequest r) -> txns.endTxn(r.data().transactionalId(),
                        r.data().producerId(), r.data().producerEpoch(), r.data().committed())
                        .thenApply(e -> new EndTxnResponse(new EndTxnResponseData().setErrorCode(e.code())))));
        registry.register(ApiKeys.TXN_OFFSET_COMMIT, 0, 4, CoordinatorGuard.ownedKey(offsetsTopic,
                (TxnOffsetCommitRequest r) -> r.data().groupId(),
                (RequestContext ctx, TxnOffsetCommitRequest r) -> ApiHandler.done(txnOffsetCommit(r.data()))));
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

    private AddPartitionsToTxnResponse addPartitions(AddPartitionsToTxnRequest request) {
        var data = request.data();
        List<TopicPartition> tps = AddPartitionsToTxnRequest.getPartitions(data.v3AndBelowTopics());
        Map<TopicPartition, Errors> errors = txns.addPartitions(data.v3AndBelowTransactionalId(),
                data.v3AndBelowProducerId(), data.v3AndBelowProducerEpoch(), tps);
        AddPartitionsToTxnResponseData resp = new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(
                AddPartitionsToTxnResponse.resultForTransaction(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID, errors)
                        .topicResults());
        return new AddPartitionsToTxnResponse(resp);
    }

    private TxnOffsetCommitResponse txnOffsetCommit(TxnOffsetCommitRequestData req) {
        Map<TopicPartition, CommittedOffset> toCommit = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t : req.topics()) {
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
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
        Map<TopicPartition, Errors> result;
        if (producerError != Errors.NONE) {
            result = new LinkedHashMap<>();
            toCommit.keySet().forEach(tp -> result.put(tp, producerError));
        } else {
            result = offsets.commitTransactional(req.groupId(), req.producerId(), req.producerEpoch(),
                    req.memberId(), req.groupInstanceId(), req.generationId(), toCommit);
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
