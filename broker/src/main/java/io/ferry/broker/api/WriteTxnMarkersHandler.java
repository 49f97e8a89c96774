package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

import org.apache.kafka.common.acl.AclOperation;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.txn.MarkerWriter;

/**
 * WriteTxnMarkers 1 (sent by a transaction coordinator to the leaders of a transaction's partitions): writes each
 * COMMIT/ABORT marker to the partitions this broker leads and answers per partition once it is committed:
 * NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, or NONE (also when the producer had no open transaction there,
 * so a retried marker is harmless). Version 2's transaction version (KIP-890's TV2) is not implemented. Needs
 * CLUSTER_ACTION on the cluster (brokers' principal).
 */
public final class WriteTxnMarkersHandler implements ApiFamily {

    private final MarkerWriter writer;
    private final Authorization authz;

    public WriteTxnMarkersHandler(MarkerWriter writer, Authorization authz) {
        this.writer = writer;
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.WRITE_TXN_MARKERS, 1, 1, AuthGuard.cluster(authz, AclOperation.CLUSTER_ACTION,
                (RequestContext ctx, WriteTxnMarkersRequest r) -> handle(r)));
    }

    private CompletableFuture<AbstractResponse> handle(WriteTxnMarkersRequest request) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        WriteTxnMarkersResponseData resp = new WriteTxnMarkersResponseData();
        for (WritableTxnMarker marker : request.data().markers()) {
            WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            resp.markers().add(result);
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult topicResult = new WritableTxnMarkerTopicResult().setName(topic.name());
                result.topics().add(topicResult);
                for (int p : topic.partitionIndexes()) {
                    WritableTxnMarkerPartitionResult partitionResult = new WritableTxnMarkerPartitionResult()
                            .setPartitionIndex(p);
                    topicResult.partitions().add(partitionResult);
                    pending.add(writer.write(new TopicPartition(topic.name(), p), marker.producerId(),
                                    marker.producerEpoch(), marker.transactionResult(), marker.coordinatorEpoch())
                            .thenAccept(e -> partitionResult.setErrorCode(e.code())));
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(done -> new WriteTxnMarkersResponse(resp));
    }
}
