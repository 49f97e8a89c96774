package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.readAll;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000L);
    private final int batchBytes = values(0L, "record-00").sizeInBytes();
    /** Two batches (of one record) per segment. */
    private final LogConfig twoPerSegment = TestLogs.withSegmentBytes(config(), 2 * batchBytes);

    /** Ten one-record batches, the i-th stamped {@code 1000 * i}: five segments. */
    private void fill(FileLog log) throws Exception {
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(values(1_000L * i, "record-0" + i), 0);
        }
        assertThat(log.segmentCount()).isEqualTo(5);
    }

    private long filesEndingWith(String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void deletesSegmentsWhoseNewestRecordIsOlderThanRetentionMs() throws Exception {
        LogConfig cfg = TestLogs.withRetention(twoPerSegment, 4_500L, -1);
        try (FileLog log = TestLogs.open(dir, cfg, time, true)) {
            fill(log);
            log.updateHighWatermark(10);
            // Segments hold timestamps {0,1000}, {2000,3000}, ... At 8000 the first two are more than 4500 old.
            assertThat(log.enforceRetention(8_000L)).isEqualTo(2);
            assertThat(log.logStartOffset()).isEqualTo(4);
            assertThat(log.segmentCount()).isEqualTo(3);
            assertThat(readAll(log, 4)).first().isEqualTo("4:record-04");
            assertThat(filesEndingWith(".log.deleted")).isEqualTo(2);
            assertThat(log.enforceRetention(8_000L)).isZero();
        }
        assertThat(filesEndingWith(".deleted")).isZero();
        try (FileLog log = TestLogs.open(dir, cfg, time, true)) {
            assertThat(log.logStartOffset()).isEqualTo(4);
        }
    }

    @Test
    void removedFilesStayOpenUntilTheDeleteDelayPasses() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withRetention(twoPerSegment, 4_500L, -1), time, true)) {
            fill(log);
            log.updateHighWatermark(10);
            ReadResult held = log.read(0, 1 << 20, 10, true);
            log.enforceRetention(8_000L);
            assertThat(TestLogs.offsetsAndValues(held.records())).containsExactly("0:record-00", "1:record-01");
            log.flushIfDue(8_000L + LogSegments.FILE_DELETE_DELAY_MS);
            assertThat(filesEndingWith(".deleted")).isZero();
        }
    }

    @Test
    void deletesOldestSegmentsWhileTheLogExceedsRetentionBytes() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withRetention(twoPerSegment, -1, 5L * batchBytes), time,
                true)) {
            fill(log);
            log.updateHighWatermark(10);
            // 10 batches; deleting whole two-batch segments while at least 5 batches remain: 2 segments go.
            assertThat(log.enforceRetention(time.milliseconds())).isEqualTo(2);
            assertThat(log.sizeInBytes()).isEqualTo(6L * batchBytes);
            assertThat(log.logStartOffset()).isEqualTo(4);
        }
    }

    @Test
    void neverDeletesAboveTheHighWatermark() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withRetention(twoPerSegment, 0L, -1), time, true)) {
            fill(log);
            log.updateHighWatermark(3);
            assertThat(log.enforceRetention(1_000_000L)).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(2);
        }
    }

    @Test
    void anExpiredActiveSegmentIsRolledThenDeleted() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withRetention(config(), 1_000L, -1), time, true)) {
            log.appendAsLeader(values(5_000L, "a", "b"), 0);
            log.updateHighWatermark(2);
            assertThat(log.enforceRetention(6_000L)).isZero();
            assertThat(log.enforceRetention(6_001L)).isEqualTo(1);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(log.logStartOffset()).isEqualTo(2);
            assertThat(log.logEndOffset()).isEqualTo(2);
            assertThat(log.read(2, 100, 2, true).records().sizeInBytes()).isZero();
            // An empty active segment is never deleted.
            assertThat(log.enforceRetention(100_000L)).isZero();
            assertThat(log.appendAsLeader(values("c"), 0).firstOffset()).isEqualTo(2);
        }
    }

    @Test
    void deleteRetentionIsOffWithoutTheDeletePolicy() throws Exception {
        LogConfig compactOnly = TestLogs.withRetention(TestLogs.compacted(twoPerSegment, false, 0, 0), 0L, 0L);
        try (FileLog log = TestLogs.open(dir, compactOnly, time, true)) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(TestLogs.keyed(org.apache.kafka.common.compress.Compression.NONE, 0L, "k" + i,
                        "v"), 0);
            }
            log.updateHighWatermark(4);
            assertThat(log.enforceRetention(1_000_000L)).isZero();
        }
    }

    @Test
    void deleteRecordsMovesTheLogStartDurablyAndDropsWholeSegmentsBelowIt() throws Exception {
        try (FileLog log = TestLogs.open(dir, twoPerSegment, time, true)) {
            fill(log);
            log.updateHighWatermark(8);
            assertThatThrownBy(() -> log.advanceLogStartOffset(9)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(log.advanceLogStartOffset(5)).isEqualTo(5);
            assertThat(log.segmentCount()).isEqualTo(3); // [4,5] still holds offset 5
            assertThat(log.advanceLogStartOffset(3)).isEqualTo(5);
            assertThat(readAll(log, 5)).first().isEqualTo("5:record-05");
            assertThatThrownBy(() -> log.read(4, 100, 8, true)).isInstanceOf(OffsetOutOfRangeException.class);
            // Persisted at once: a crash now keeps it.
            assertThat(PartitionCheckpoint.read(dir.resolve("t-0"), "t").orElseThrow().logStartOffset())
                    .isEqualTo(5);
        }
        try (FileLog log = TestLogs.open(dir, twoPerSegment, time, false)) {
            assertThat(log.logStartOffset()).isEqualTo(5);
            assertThat(log.highWatermark()).isEqualTo(8);
        }
    }

    @Test
    void deleteRecordsUpToTheLogEndEmptiesTheLog() throws Exception {
        try (FileLog log = TestLogs.open(dir, twoPerSegment, time, true)) {
            fill(log);
            log.updateHighWatermark(10);
            assertThat(log.advanceLogStartOffset(10)).isEqualTo(10);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(log.sizeInBytes()).isZero();
            assertThat(log.appendAsLeader(values("x"), 0).firstOffset()).isEqualTo(10);
        }
    }
}
