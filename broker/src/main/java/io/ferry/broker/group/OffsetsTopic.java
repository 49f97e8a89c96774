package io.ferry.broker.group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.partition.Partition;
import io.ferry.broker.partition.PartitionManager;

/**
 * The internal compacted topic {@code __consumer_offsets}: created on first start, written synchronously (a commit is
 * answered only once its records are in the log) and replayed at start-up.
 */
public final class OffsetsTopic {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsTopic.class);
    public static final String NAME = Topic.GROUP_METADATA_TOPIC_NAME;

    private final ClusterMetadata metadata;
    private final PartitionManager partitions;
    private final int partitionCount;

    private final int replicationFactor;

    public OffsetsTopic(ClusterMetadata metadata, PartitionManager partitions, int partitionCount,
                        int replicationFactor) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.partitionCount = partitionCount;
        this.replicationFactor = replicationFactor;
    }

    /** Creates the topic if it does not exist yet; returns its partition count. */
    public int ensureCreated() {
        if (metadata.topic(NAME).isEmpty()) {
            try {
                int rf = Math.min(replicationFactor, Math.max(1, metadata.brokers().size()));
                metadata.createTopic(NAME, partitionCount, rf, Map.of("cleanup.policy", "compact",
                        "segment.bytes", Integer.toString(100 * 1024 * 1024)), false);
            } catch (TopicExistsException raced) {
                // created concurrently
            }
        }
        return metadata.topic(NAME).orElseThrow().partitions().size();
    }

    public int partitionFor(String groupId) {
        return Utils.abs(groupId.hashCode()) % metadata.topic(NAME).map(t -> t.partitions().size())
                .orElse(partitionCount);
    }

    /** Appends key/value records (a null value is a tombstone) for a group, as one batch. */
    public void write(String groupId, List<Map.Entry<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        TopicPartition tp = new TopicPartition(NAME, partitionFor(groupId));
        Partition partition = partitions.partition(tp).orElseThrow(() ->
                new CoordinatorNotAvailableException("Partition " + tp + " is not available"));
        long now = System.currentTimeMillis();
        SimpleRecord[] simple = records.stream().map(e -> new SimpleRecord(now, e.getKey(), e.getValue()))
                .toArray(SimpleRecord[]::new);
        try {
            partition.appendRecordsAsLeader(MemoryRecords.withRecords(Compression.NONE, simple));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write to " + tp, e);
        }
    }

    /** Replays every record of every partition, in log order. */
    public void replay(BiConsumer<ByteBuffer, ByteBuffer> consumer) {
        int count = ensureCreated();
        long records = 0;
        for (int p = 0; p < count; p++) {
            TopicPartition tp = new TopicPartition(NAME, p);
            Partition partition = partitions.partition(tp).orElse(null);
            if (partition == null) {
                continue;
            }
            try {
                for (RecordBatch batch : partition.log().batchesFrom(partition.log().logStartOffset())) {
                    if (batch.isControlBatch()) {
                        continue;
                    }
                    for (Record r : batch) {
                        if (r.hasKey()) {
                            consumer.accept(r.key(), r.hasValue() ? r.value() : null);
                            records++;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + tp, e);
            }
        }
        LOG.info("Loaded {} group and offset records from {}", records, NAME);
    }
}
