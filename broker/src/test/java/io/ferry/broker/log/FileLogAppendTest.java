package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.concat;
import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.gzip;
import static io.ferry.broker.log.TestLogs.keyed;
import static io.ferry.broker.log.TestLogs.readAll;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogAppendTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000L);

    @Test
    void assignsConsecutiveOffsetsAndStampsTheLeaderEpoch() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            AppendResult first = log.appendAsLeader(values("a", "b", "c"), 3);
            AppendResult second = log.appendAsLeader(gzip(2_000L, "d", "e"), 3);
            AppendResult third = log.appendAsLeader(concat(values("f"), gzip(3_000L, "g", "h")), 4);

            assertThat(first).isEqualTo(new AppendResult(0, 2, RecordBatch.NO_TIMESTAMP, 0, 3,
                    first.sizeInBytes()));
            assertThat(second.firstOffset()).isEqualTo(3);
            assertThat(second.lastOffset()).isEqualTo(4);
            assertThat(third.firstOffset()).isEqualTo(5);
            assertThat(third.lastOffset()).isEqualTo(7);
            assertThat(third.recordCount()).isEqualTo(3);
            assertThat(log.logEndOffset()).isEqualTo(8);

            List<String> batches = new ArrayList<>();
            for (RecordBatch b : log.batchesFrom(0)) {
                batches.add(b.baseOffset() + "-" + b.lastOffset() + "@" + b.partitionLeaderEpoch() + "/"
                        + b.compressionType());
                b.ensureValid();
            }
            assertThat(batches).containsExactly("0-2@3/none", "3-4@3/gzip", "5-5@4/none", "6-7@4/gzip");
            assertThat(readAll(log, 0)).containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f", "6:g", "7:h");
            assertThat(log.latestEpoch()).isEqualTo(4);
        }
    }

    @Test
    void logAppendTimeIsStampedWhenTheTopicAsksForIt() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withLogAppendTime(config()), time, true)) {
            AppendResult r = log.appendAsLeader(gzip(5L, "a", "b"), 0);
            assertThat(r.logAppendTime()).isEqualTo(time.milliseconds());
            RecordBatch b = log.batchesFrom(0).iterator().next();
            assertThat(b.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(b.maxTimestamp()).isEqualTo(time.milliseconds());
            b.ensureValid();
        }
    }

    @Test
    void producerTimestampsAreKeptByDefault() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            AppendResult r = log.appendAsLeader(values(42L, "a"), 0);
            assertThat(r.logAppendTime()).isEqualTo(RecordBatch.NO_TIMESTAMP);
            RecordBatch b = log.batchesFrom(0).iterator().next();
            assertThat(b.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(b.maxTimestamp()).isEqualTo(42L);
        }
    }

    @Test
    void aCorruptBatchIsRejectedAndNothingOfTheRequestIsWritten() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a"), 0);
            MemoryRecords bad = concat(values("b"), values("c", "d"));
            ByteBuffer buf = bad.buffer();
            int secondBatch = values("b").sizeInBytes();
            int lastByte = secondBatch + values("c", "d").sizeInBytes() - 1;
            buf.put(lastByte, (byte) (buf.get(lastByte) ^ 0x5a));

            assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(buf), 0))
                    .isInstanceOf(CorruptRecordException.class);
            assertThat(log.logEndOffset()).isEqualTo(1);
            assertThat(log.sizeInBytes()).isEqualTo(values("a").sizeInBytes());
            assertThat(readAll(log, 0)).containsExactly("0:a");
        }
    }

    @Test
    void aTrailingPartialBatchIsCorrupt() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            MemoryRecords whole = concat(values("a"), values("b"));
            ByteBuffer cut = whole.buffer();
            cut.limit(cut.limit() - 5);
            assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(cut.slice()), 0))
                    .isInstanceOf(CorruptRecordException.class).hasMessageContaining("not a whole record batch");
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void aBatchLargerThanMaxMessageBytesIsRejected() throws Exception {
        MemoryRecords small = values("x");
        MemoryRecords big = values("y".repeat(500));
        try (FileLog log = TestLogs.open(dir, TestLogs.withMaxMessageBytes(config(), 200), time, true)) {
            assertThatThrownBy(() -> log.appendAsLeader(concat(small, big), 0))
                    .isInstanceOf(RecordTooLargeException.class);
            assertThat(log.logEndOffset()).isZero();
            assertThat(log.sizeInBytes()).isZero();
        }
    }

    @Test
    void aBatchWithoutRecordsOrWithAWrongOffsetDeltaIsInvalid() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            ByteBuffer empty = ByteBuffer.allocate(DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
            DefaultRecordBatch.writeEmptyHeader(empty, RecordBatch.MAGIC_VALUE_V2, -1L, (short) -1, -1, 0L, 0L, -1,
                    TimestampType.CREATE_TIME, 0L, false, false);
            assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(empty.flip()), 0))
                    .isInstanceOf(InvalidRecordException.class);

            // Three records but a last offset delta of 5: the header lies about its offset range.
            MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(256), Compression.NONE,
                    TimestampType.CREATE_TIME, 0L);
            b.append(1L, null, TestLogs.bytes("a"));
            b.append(1L, null, TestLogs.bytes("b"));
            b.append(1L, null, TestLogs.bytes("c"));
            b.overrideLastOffset(5L);
            MemoryRecords lying = b.build();
            assertThatThrownBy(() -> log.appendAsLeader(lying, 0))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("last offset delta 5");
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void oldMessageFormatsAreRejected() throws Exception {
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new SimpleRecord(1L, null, TestLogs.bytes("a")));
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            assertThatThrownBy(() -> log.appendAsLeader(v1, 0))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("magic 1");
        }
    }

    @Test
    void aCompactOnlyTopicRejectsRecordsWithoutKeys() throws Exception {
        LogConfig compactOnly = TestLogs.compacted(config(), false, 0, 0);
        try (FileLog log = TestLogs.open(dir, compactOnly, time, true)) {
            log.appendAsLeader(keyed(Compression.gzip().build(), 1L, "k", "v"), 0);
            assertThatThrownBy(() -> log.appendAsLeader(gzip(1L, "no key"), 0))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("Compacted topic t");
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
        LogConfig compactAndDelete = TestLogs.compacted(config(), true, 0, 0);
        try (FileLog log = TestLogs.open(dir.resolve("other"), compactAndDelete, time, true)) {
            assertThat(log.appendAsLeader(values("no key"), 0).lastOffset()).isZero();
        }
    }

    @Test
    void anOlderLeaderEpochIsFenced() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a"), 5);
            assertThatThrownBy(() -> log.appendAsLeader(values("b"), 4))
                    .isInstanceOf(FencedLeaderEpochException.class);
            assertThat(log.logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void followerAppendsKeepTheLeadersOffsetsAndEpochs() throws Exception {
        Path leaderDir = dir.resolve("leader");
        try (FileLog leader = TestLogs.open(leaderDir, config(), time, true);
             FileLog follower = TestLogs.open(dir.resolve("follower"), config(), time, true)) {
            leader.appendAsLeader(values("a", "b"), 1);
            leader.appendAsLeader(gzip(5L, "c"), 2);
            ReadResult fetched = leader.read(0, 1 << 20, leader.logEndOffset(), true);
            ByteBuffer copy = ByteBuffer.allocate(fetched.records().sizeInBytes() + 7);
            for (RecordBatch b : fetched.records().batches()) {
                b.writeTo(copy);
            }
            copy.put(new byte[] {0, 0, 0, 0, 0, 0, 9}); // a fetch response may end in a partial batch
            AppendResult r = follower.appendAsFollower(MemoryRecords.readableRecords(copy.flip()));

            assertThat(r.firstOffset()).isZero();
            assertThat(r.lastOffset()).isEqualTo(2);
            assertThat(follower.logEndOffset()).isEqualTo(3);
            assertThat(follower.latestEpoch()).isEqualTo(2);
            assertThat(follower.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 2));
            assertThat(readAll(follower, 0)).containsExactly("0:a", "1:b", "2:c");

            ReadResult again = leader.read(0, 1 << 20, leader.logEndOffset(), true);
            ByteBuffer stale = ByteBuffer.allocate(again.records().sizeInBytes());
            again.records().batches().iterator().next().writeTo(stale);
            assertThatThrownBy(() -> follower.appendAsFollower(MemoryRecords.readableRecords(stale.flip())))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("below the log end offset");
        }
    }

    @Test
    void flushMessagesForcesDataAndMovesTheRecoveryPoint() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withFlushMessages(config(), 3), time, true)) {
            log.appendAsLeader(values("a", "b"), 0);
            log.flush();
            log.appendAsLeader(values("c"), 0);
            log.writeCheckpoint(false);
            assertThat(PartitionCheckpoint.read(dir.resolve("t-0"), "t").orElseThrow().recoveryPoint()).isEqualTo(2);
            log.appendAsLeader(values("d", "e"), 0);
            log.writeCheckpoint(false);
            assertThat(PartitionCheckpoint.read(dir.resolve("t-0"), "t").orElseThrow().recoveryPoint()).isEqualTo(5);
        }
    }
}
