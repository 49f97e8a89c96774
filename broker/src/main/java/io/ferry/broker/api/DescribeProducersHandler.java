package io.ferry.broker.api;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;
import io.ferry.broker.producer.ActiveProducer;

/**
 * DescribeProducers 0 ({@code kafka-transactions describe-producers}, {@code find-hanging}, {@code abort}): the
 * producers a local replica remembers, with the first offset of each one's open transaction. Needs READ on the topic
 * (else TOPIC_AUTHORIZATION_FAILED); a partition without a replica here is NOT_LEADER_OR_FOLLOWER, one that does not
 * exist UNKNOWN_TOPIC_OR_PARTITION, as in Kafka.
 */
public final class DescribeProducersHandler implements ApiFamily {

    private final PartitionManager partitions;
    private final ClusterMetadata metadata;
    private final Authorization authz;

    public DescribeProducersHandler(PartitionManager partitions, ClusterMetadata metadata, Authorization authz) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_PRODUCERS, 0, 0, (RequestContext ctx, DescribeProducersRequest r) ->
                ApiHandler.done(new DescribeProducersResponse(describe(ctx, r.data()))));
    }

    private DescribeProducersResponseData describe(RequestContext ctx, DescribeProducersRequestData req) {
        Set<String> readable = authz.allowedNames(ctx, AclOperation.READ, ResourceType.TOPIC,
                req.topics().stream().map(DescribeProducersRequestData.TopicRequest::name).toList(), true);
        DescribeProducersResponseData resp = new DescribeProducersResponseData();
        for (DescribeProducersRequestData.TopicRequest topic : req.topics()) {
            TopicResponse tr = new TopicResponse().setName(topic.name());
            for (int index : topic.partitionIndexes()) {
                PartitionResponse pr = new PartitionResponse().setPartitionIndex(index);
                if (!readable.contains(topic.name())) {
                    pr.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                } else {
                    fill(new TopicPartition(topic.name(), index), pr);
                }
                tr.partitions().add(pr);
            }
            resp.topics().add(tr);
        }
        return resp;
    }

    private void fill(TopicPartition tp, PartitionResponse pr) {
        Optional<Partition> local = partitions.partition(tp);
        if (local.isEmpty()) {
            boolean exists = metadata.topic(tp.topic())
                    .map(t -> tp.partition() >= 0 && tp.partition() < t.partitions().size()).orElse(false);
            pr.setErrorCode((exists ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
            return;
        }
        try {
            for (ActiveProducer p : local.get().activeProducers()) {
                pr.activeProducers().add(new ProducerState().setProducerId(p.producerId())
                        .setProducerEpoch(p.epoch()).setLastSequence(p.lastSequence())
                        .setLastTimestamp(p.lastTimestamp()).setCoordinatorEpoch(p.coordinatorEpoch())
                        .setCurrentTxnStartOffset(p.currentTxnStartOffset()));
            }
        } catch (IOException e) {
            pr.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }
}
