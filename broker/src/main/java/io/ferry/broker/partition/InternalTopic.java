package io.ferry.broker.partition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.ClusterMetadata;

/**
 * A compacted internal topic that a coordinator keeps its state in ({@code __consumer_offsets},
 * {@code __transaction_state}): created on first start, written synchronously (a change is answered only once its
 * records are in the log) and replayed at start-up. Keys are routed to partitions by a coordinator key (group id,
 * transactional id).
 */
public final class InternalTopic {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopic.class);

    private final String name;
    private final ClusterMetadata metadata;
    private final PartitionManager partitions;
    private final int partitionCount;
    private final int replicationFactor;

    public InternalTopic(String name, ClusterMetadata metadata, PartitionManager partitions, int partitionCount,
                         int replicationFactor) {
        this.name = name;
        this.metadata = metadata;
        this.partitions = partitions;
        this.partitionCount = partitionCount;
        this.replicationFactor = replicationFactor;
    }

    public String name() {
        return name;
    }

    /** Creates the topic if it does not exist yet (first use, or FindCoordinator); returns its partition count. */
    public int ensureCreated() {
        if (metadata.topic(name).isEmpty()) {
            try {
                int rf = Math.min(replicationFactor, Math.max(1, metadata.brokers().size()));
                metadata.createTopic(name, partitionCount, rf, Map.of("cleanup.policy", "compact",
                        "segment.bytes", Integer.toString(100 * 1024 * 1024)), false);
            } catch (TopicExistsException raced) {
                // created concurrently
            }
        }
        return metadata.topic(name).orElseThrow().partitions().size();
    }

    public int partitionFor(String coordinatorKey) {
        return Utils.abs(coordinatorKey.hashCode()) % metadata.topic(name).map(t -> t.partitions().size())
                .orElse(partitionCount);
    }

    /** Appends key/value records (a null value is a tombstone) for a coordinator key, as one batch. */
    public void write(String coordinatorKey, List<Map.Entry<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Partition partition = partitionOf(coordinatorKey);
        long now = System.currentTimeMillis();
        SimpleRecord[] simple = records.stream().map(e -> new SimpleRecord(now, e.getKey(), e.getValue()))
                .toArray(SimpleRecord[]::new);
        try {
            partition.appendRecordsAsLeader(MemoryRecords.withRecords(Compression.NONE, simple));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + partition.topicPartition(), e);
        }
    }

    /** Receives the records of an internal topic during replay, in log order per partition. */
    public interface ReplayVisitor {

        /** A data record; {@code value} is null for a tombstone. */
        void record(int partition, RecordBatch batch, ByteBuffer key, ByteBuffer value);

        /** A transaction marker written for {@code producerId}. */
        default void marker(int partition, long producerId, boolean commit) {
        }
    }

    /**
     * Appends records that belong to a producer's transaction (TxnOffsetCommit): they count only once the
     * transaction's commit marker is written to the same partition.
     */
    public void writeTransactional(String coordinatorKey, long producerId, short epoch,
                                   List<Map.Entry<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Partition partition = partitionOf(coordinatorKey);
        long now = System.currentTimeMillis();
        SimpleRecord[] simple = records.stream().map(e -> new SimpleRecord(now, e.getKey(), e.getValue()))
                .toArray(SimpleRecord[]::new);
        try {
            partition.appendCoordinatorRecords(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId,
                    epoch, 0, simple));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + partition.topicPartition(), e);
        }
    }

    private Partition partitionOf(String coordinatorKey) {
        ensureCreated();
        TopicPartition tp = new TopicPartition(name, partitionFor(coordinatorKey));
        return partitions.partition(tp).orElseThrow(() ->
                new CoordinatorNotAvailableException("Partition " + tp + " is not available"));
    }

    /**
     * Replays every record and transaction marker of every partition, in log order. A topic that does not exist yet
     * has nothing to replay: it is created on first use (as Kafka does), which keeps a fresh broker's start fast.
     */
    public void replay(ReplayVisitor visitor) {
        if (metadata.topic(name).isEmpty()) {
            return;
        }
        int count = metadata.topic(name).get().partitions().size();
        long records = 0;
        for (int p = 0; p < count; p++) {
            TopicPartition tp = new TopicPartition(name, p);
            Partition partition = partitions.partition(tp).orElse(null);
            if (partition == null) {
                continue;
            }
            try {
                for (RecordBatch batch : partition.log().batchesFrom(partition.log().logStartOffset())) {
                    for (Record r : batch) {
                        if (batch.isControlBatch()) {
                            ControlRecordType type = ControlRecordType.parse(r.key());
                            if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
                                visitor.marker(p, batch.producerId(), type == ControlRecordType.COMMIT);
                            }
                        } else if (r.hasKey()) {
                            visitor.record(p, batch, r.key(), r.hasValue() ? r.value() : null);
                            records++;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + tp, e);
            }
        }
        LOG.info("Loaded {} records from {}", records, name);
    }
}
