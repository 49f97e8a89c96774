package io.ferry.broker.api;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

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

import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * Produce 3-12: appends each partition's batch as leader. acks=0 gets no response; acks=1 and acks=all are answered
 * once the batch is in the log (on a single node the leader is the whole in-sync replica set).
 */
public final class ProduceHandler implements ApiFamily {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final PartitionManager partitions;

    public ProduceHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.PRODUCE, 3, 12, this::produce);
    }

    private CompletableFuture<AbstractResponse> produce(RequestContext ctx, ProduceRequest request) {
        short acks = request.acks();
        ProduceResponseData resp = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData topic : request.data().topicData()) {
            TopicProduceResponse tr = new TopicProduceResponse().setName(topic.name());
            for (ProduceRequestData.PartitionProduceData pd : topic.partitionData()) {
                tr.partitionResponses().add(appendOne(new TopicPartition(topic.name(), pd.index()),
                        (MemoryRecords) pd.records(), acks));
            }
            resp.responses().add(tr);
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return ApiHandler.done(new ProduceResponse(resp));
    }

    private PartitionProduceResponse appendOne(TopicPartition tp, MemoryRecords records, short acks) {
        PartitionProduceResponse pr = new PartitionProduceResponse().setIndex(tp.partition())
                .setBaseOffset(-1).setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP).setLogStartOffset(-1);
        if (acks != 0 && acks != 1 && acks != -1) {
            return pr.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code())
                    .setErrorMessage("acks must be -1 (all), 0 or 1, got " + acks);
        }
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            return pr.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        if (records == null) {
            return pr.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("no records for " + tp);
        }
        try {
            Partition.ProduceResult r = partition.appendRecordsAsLeader(records);
            return pr.setBaseOffset(r.baseOffset()).setLogAppendTimeMs(r.logAppendTime())
                    .setLogStartOffset(r.logStartOffset());
        } catch (ApiException e) {
            LOG.debug("Rejected produce to {}: {}", tp, e.getMessage());
            return pr.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        } catch (IOException e) {
            LOG.error("Could not append to {}: {}", tp, e.toString());
            return pr.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }
}
