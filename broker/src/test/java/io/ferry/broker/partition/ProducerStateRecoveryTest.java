package io.ferry.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.broker.log.FileLog;
import io.ferry.broker.log.LogConfig;
import io.ferry.broker.log.PartitionLog;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After an unclean shutdown, a partition's producer state comes from its newest checkpoint plus the log after it. */
class ProducerStateRecoveryTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCHES = 40;

    @TempDir
    Path dir;

    private static LogConfig smallSegments() {
        LogConfig d = LogConfig.defaults();
        return new LogConfig(2048, d.segmentMs(), d.retentionMs(), d.retentionBytes(), d.cleanupDelete(), d.cleanupCompact(),
                d.deleteRetentionMs(), d.minCompactionLagMs(), d.minCleanableDirtyRatio(), d.maxMessageBytes(),
                d.logAppendTime(), d.indexIntervalBytes(), d.segmentIndexBytes(), d.flushIntervalMessages(), d.flushIntervalMs());
    }

    private static MemoryRecords batch(int sequence) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, sequence,
                new SimpleRecord(System.currentTimeMillis(), null, ("value " + sequence + " ".repeat(200)).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code log}, recording the start offset of every full read ({@code batchesFrom}). */
    private static PartitionLog recordingReads(PartitionLog log, List<Long> reads) {
        return (PartitionLog) Proxy.newProxyInstance(PartitionLog.class.getClassLoader(), new Class<?>[] {PartitionLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("batchesFrom")) {
                        reads.add((Long) args[0]);
                    }
                    try {
                        return method.invoke(log, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anUncleanRestartReplaysOnlyTheLogAfterTheNewestCheckpoint() throws Exception {
        Path partitionDir = dir.resolve("t-0");
        long lastOffset;
        try (FileLog log = FileLog.open(partitionDir, TP, smallSegments(), Time.SYSTEM, true)) {
            Partition partition = Partition.soleReplica(TP, Uuid.randomUuid(), log, 1, 0, 86_400_000);
            for (int i = 0; i < BATCHES; i++) {
                partition.appendRecordsAsLeader(batch(i));
            }
            lastOffset = log.logEndOffset() - 1;
            assertThat(log.activeSegmentBaseOffset()).as("the log rolled").isGreaterThan(0);
        } // closed without saving the producer state: as after a kill, only the checkpoints are there
        List<Long> checkpoints = new ArrayList<>();
        try (Stream<Path> files = Files.list(partitionDir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("producer-state-") && n.endsWith(".checkpoint"))
                    .forEach(n -> checkpoints.add(Long.parseLong(n.replaceAll("\\D", ""))));
        }
        assertThat(checkpoints).hasSize(2);

        List<Long> reads = new ArrayList<>();
        try (FileLog log = FileLog.open(partitionDir, TP, smallSegments(), Time.SYSTEM, false)) {
            Partition partition = Partition.soleReplica(TP, Uuid.randomUuid(), recordingReads(log, reads), 1, 0, 86_400_000);
            // The producer retries its last batch: recognised as a duplicate, answered with its first offset.
            assertThat(partition.appendRecordsAsLeader(batch(BATCHES - 1)).baseOffset()).isEqualTo(lastOffset);
            assertThat(log.logEndOffset()).isEqualTo(lastOffset + 1);
            // The next sequence is accepted.
            assertThat(partition.appendRecordsAsLeader(batch(BATCHES)).baseOffset()).isEqualTo(lastOffset + 1);
        }
        assertThat(reads).as("the log was read from the newest checkpoint only").containsExactly(checkpoints.stream()
                .mapToLong(Long::longValue).max().getAsLong());
    }
}
