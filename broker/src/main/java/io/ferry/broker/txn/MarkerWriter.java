package io.ferry.broker.txn;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.group.GroupOffsets;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * Writes a transaction marker to a partition this broker leads, for the coordinator on this broker and for
 * WriteTxnMarkers from coordinators elsewhere. A marker in {@code __consumer_offsets} also commits (or drops) the
 * producer's pending group offsets there. Completes once the marker is committed (the high watermark passed it), as
 * Kafka appends markers with acks=all: a marker a new leader lacks would leave the transaction open for good.
 * Without an open transaction of the producer nothing is written (a retried marker); the answer then waits until
 * what the partition holds is committed and is NONE.
 */
public final class MarkerWriter {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerWriter.class);

    private final PartitionManager partitions;
    private final ClusterMetadata metadata;
    private final GroupOffsets groupOffsets;
    private final long commitTimeoutMs;

    public MarkerWriter(PartitionManager partitions, ClusterMetadata metadata, GroupOffsets groupOffsets,
                        long commitTimeoutMs) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.groupOffsets = groupOffsets;
        this.commitTimeoutMs = commitTimeoutMs;
    }

    /**
     * The partition's error: NONE once the marker is committed; NOT_LEADER_OR_FOLLOWER when this broker does not
     * lead it; UNKNOWN_TOPIC_OR_PARTITION when the partition does not exist; COORDINATOR_LOAD_IN_PROGRESS while a
     * {@code __consumer_offsets} partition's groups load here (nothing written); NOT_ENOUGH_REPLICAS_AFTER_APPEND or
     * REQUEST_TIMED_OUT when it was written but is not committed yet (the coordinator retries).
     */
    public CompletableFuture<Errors> write(TopicPartition tp, long producerId, short epoch, boolean commit,
                                           int coordinatorEpoch) {
        Partition partition = partitions.partition(tp).orElse(null);
        if (partition == null) {
            boolean exists = metadata.topic(tp.topic()).map(t -> tp.partition() < t.partitions().size())
                    .orElse(false);
            return CompletableFuture.completedFuture(exists ? Errors.NOT_LEADER_OR_FOLLOWER
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        boolean offsets = tp.topic().equals(Topic.GROUP_METADATA_TOPIC_NAME);
        if (offsets && groupOffsets.markerReadiness(tp.partition()) != Errors.NONE) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        }
        long offset;
        try {
            offset = partition.appendTransactionMarker(producerId, epoch, commit, coordinatorEpoch);
            if (offset >= 0 && offsets) {
                groupOffsets.completeTransaction(tp.partition(), producerId, commit);
            }
            if (offset < 0) {
                offset = partition.log().logEndOffset() - 1;
            }
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(Errors.forException(e));
        } catch (IOException e) {
            LOG.error("Could not write the {} marker of producer {} to {}: {}", commit ? "commit" : "abort",
                    producerId, tp, e.toString());
            return CompletableFuture.completedFuture(Errors.KAFKA_STORAGE_ERROR);
        }
        if (offset < 0) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        return partition.awaitCommit(offset)
                .completeOnTimeout(Errors.REQUEST_TIMED_OUT, commitTimeoutMs, TimeUnit.MILLISECONDS);
    }
}
