package io.ferry.broker.it;

import java.io.IOException;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

import io.ferry.broker.client.BrokerChannel;

/**
 * A transactional producer spoken by hand over a {@link BrokerChannel}, so a test can skip steps a real producer
 * never skips (a produce without AddPartitionsToTxn).
 */
public record RawTxn(String transactionalId, long producerId, short epoch) {

    /** InitProducerId at {@code coordinator}. */
    public static RawTxn init(BrokerChannel coordinator, String transactionalId) throws IOException {
        InitProducerIdResponse r = (InitProducerIdResponse) coordinator.send(new InitProducerIdRequest.Builder(
                new InitProducerIdRequestData().setTransactionalId(transactionalId).setTransactionTimeoutMs(60_000))
                .build((short) 4));
        if (r.error() != Errors.NONE) {
            throw new IllegalStateException("InitProducerId: " + r.error());
        }
        return new RawTxn(transactionalId, r.data().producerId(), r.data().producerEpoch());
    }

    /** AddPartitionsToTxn v3, as clients send it. */
    public Errors addPartition(BrokerChannel coordinator, TopicPartition tp) throws IOException {
        AddPartitionsToTxnResponse r = (AddPartitionsToTxnResponse) coordinator.send(
                AddPartitionsToTxnRequest.Builder.forClient(transactionalId, producerId, epoch, List.of(tp))
                        .build((short) 3));
        return r.errors().get(AddPartitionsToTxnResponse.V3_AND_BELOW_TXN_ID).get(tp);
    }

    /** One transactional record at {@code sequence} to {@code tp}'s leader, with Produce {@code version}. */
    public Errors produce(BrokerChannel leader, short version, TopicPartition tp, int sequence) throws IOException {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence,
                new SimpleRecord(("v" + sequence).getBytes()));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(tp.topic()).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(tp.partition()).setRecords(records))));
        ProduceResponse r = (ProduceResponse) leader.send(new ProduceRequest.Builder(version, version,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000).setTransactionalId(transactionalId)
                        .setTopicData(topics)).build(version));
        return Errors.forCode(r.data().responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    public Errors end(BrokerChannel coordinator, boolean commit) throws IOException {
        EndTxnResponse r = (EndTxnResponse) coordinator.send(new EndTxnRequest.Builder(new EndTxnRequestData()
                .setTransactionalId(transactionalId).setProducerId(producerId).setProducerEpoch(epoch)
                .setCommitted(commit), false).build((short) 3));
        return r.error();
    }
}
