package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.gzip;
import static io.ferry.broker.log.TestLogs.readAll;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileLogRecoveryTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000L);
    private final LogConfig smallSegments = TestLogs.withIndexInterval(TestLogs.withSegmentBytes(config(), 300), 1);

    /** 30 records in 15 batches of two, epochs 1..3, across several small segments. */
    private List<String> fill(FileLog log) throws IOException {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String a = "v" + (2 * i);
            String b = "v" + (2 * i + 1);
            log.appendAsLeader(i % 3 == 0 ? gzip(10L * i, a, b) : values(10L * i, a, b), 1 + i / 5);
            expected.add(2 * i + ":" + a);
            expected.add((2 * i + 1) + ":" + b);
        }
        return expected;
    }

    private Path partitionDir() {
        return dir.resolve("t-0");
    }

    private Path activeSegment() throws IOException {
        try (Stream<Path> files = Files.list(partitionDir())) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void aCleanRestartKeepsDataHighWatermarkLogStartAndEpochs() throws Exception {
        List<String> expected;
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            expected = fill(log);
            log.updateHighWatermark(26);
            log.advanceLogStartOffset(9);
            assertThat(log.segmentCount()).isGreaterThan(3);
        }
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            assertThat(log.logEndOffset()).isEqualTo(30);
            assertThat(log.highWatermark()).isEqualTo(26);
            assertThat(log.logStartOffset()).isEqualTo(9);
            assertThat(log.latestEpoch()).isEqualTo(3);
            assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 10));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 20));
            assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 30));
            assertThat(readAll(log, 9)).isEqualTo(expected.subList(9, 30));
            assertThat(log.offsetForTimestamp(95)).contains(new TimestampOffset(100, 20, 3));
            assertThat(log.appendAsLeader(values("next"), 3).firstOffset()).isEqualTo(30);
        }
    }

    @Test
    void theHighWatermarkSurvivesACrashOnceFlushed() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a", "b", "c"), 0);
            log.updateHighWatermark(2);
            log.flush();
            log.updateHighWatermark(3); // not flushed: lost in the crash
            copyTree(partitionDir(), crashed.resolve("t-0"));
        }
        try (FileLog log = TestLogs.open(crashed, config(), time, false)) {
            assertThat(log.highWatermark()).isEqualTo(2);
            assertThat(log.logEndOffset()).isEqualTo(3);
        }
    }

    @Test
    void missingIndexesAreRebuiltFromTheSegments() throws Exception {
        List<String> expected;
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            expected = fill(log);
        }
        List<Path> indexes;
        try (Stream<Path> files = Files.list(partitionDir())) {
            indexes = files.filter(f -> f.toString().endsWith("index")).toList();
        }
        assertThat(indexes).hasSizeGreaterThan(4);
        long offsetIndexBytes = 0;
        for (Path p : indexes) {
            offsetIndexBytes += p.toString().endsWith(".index") ? Files.size(p) : 0;
            Files.delete(p);
        }
        assertThat(offsetIndexBytes).isPositive();
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            long rebuilt = 0;
            for (Path p : indexes) {
                assertThat(p).exists();
                rebuilt += p.toString().endsWith(".index") ? Files.size(p) : 0;
            }
            assertThat(rebuilt).isEqualTo(offsetIndexBytes);
            assertThat(readAll(log, 0)).isEqualTo(expected);
            assertThat(readAll(log, 17)).isEqualTo(expected.subList(17, 30));
            assertThat(log.offsetForTimestamp(95)).contains(new TimestampOffset(100, 20, 3));
            assertThat(log.maxTimestamp()).contains(new TimestampOffset(140, 28, 3));
        }
    }

    @Test
    void aTornOffsetIndexIsRebuilt() throws Exception {
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            fill(log);
        }
        Path index = partitionDir().resolve("00000000000000000000.index");
        long size = Files.size(index);
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), size); // a partial entry
        }
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            assertThat(Files.size(index)).isEqualTo(size);
            assertThat(readAll(log, 3)).first().isEqualTo("3:v3");
        }
    }

    @ParameterizedTest(name = "clean marker present: {0}")
    @ValueSource(booleans = {false, true})
    void garbageAfterTheLastBatchIsCutOff(boolean cleanShutdown) throws Exception {
        List<String> expected;
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            expected = fill(log);
            log.updateHighWatermark(30);
        }
        try (FileChannel ch = FileChannel.open(activeSegment(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // Looks like the start of a batch (offset, length 500) but is cut short: a torn write.
            ch.write(ByteBuffer.allocate(40).putLong(123_456L).putInt(500).put(new byte[28]).flip());
        }
        long sizeBefore = Files.size(activeSegment());
        try (FileLog log = TestLogs.open(dir, smallSegments, time, cleanShutdown)) {
            assertThat(Files.size(activeSegment())).isEqualTo(sizeBefore - 40);
            assertThat(log.logEndOffset()).isEqualTo(30);
            assertThat(log.highWatermark()).isEqualTo(30);
            assertThat(readAll(log, 0)).isEqualTo(expected);
            assertThat(log.appendAsLeader(values("after"), 3).firstOffset()).isEqualTo(30);
            assertThat(readAll(log, 29)).containsExactly("29:v29", "30:after");
        }
    }

    @Test
    void aLastBatchCutInHalfIsDroppedAndAppendsContinueAfterThePreviousOne() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a", "b"), 1);
            log.appendAsLeader(gzip(5L, "c", "d", "e"), 2);
            log.updateHighWatermark(5);
        }
        Path segment = activeSegment();
        int firstBatch = values("a", "b").sizeInBytes();
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(firstBatch + (size - firstBatch) / 2);
        }
        try (FileLog log = TestLogs.open(dir, config(), time, false)) {
            assertThat(log.logEndOffset()).isEqualTo(2);
            assertThat(log.highWatermark()).isEqualTo(2);
            assertThat(log.latestEpoch()).isEqualTo(1);
            assertThat(Files.size(segment)).isEqualTo(firstBatch);
            assertThat(log.appendAsLeader(values("x"), 3).firstOffset()).isEqualTo(2);
            assertThat(readAll(log, 0)).containsExactly("0:a", "1:b", "2:x");
        }
    }

    @Test
    void aCorruptBatchInAnUnflushedSegmentTruncatesThereAndDropsLaterSegments() throws Exception {
        Path crashed = dir.resolve("crashed");
        List<String> expected;
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            expected = fill(log);
            copyTree(partitionDir(), crashed.resolve("t-0")); // a crash before anything was flushed
        }
        Path first = crashed.resolve("t-0").resolve("00000000000000000000.log");
        int firstBatch = gzip(0L, "v0", "v1").sizeInBytes();
        int secondBatchSize = values(10L, "v2", "v3").sizeInBytes();
        flipByte(first, firstBatch + secondBatchSize - 2); // inside the second batch's last record
        try (FileLog log = TestLogs.open(crashed, smallSegments, time, false)) {
            assertThat(log.logEndOffset()).isEqualTo(2);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(readAll(log, 0)).isEqualTo(expected.subList(0, 2));
            assertThat(log.latestEpoch()).isEqualTo(1);
        }
        try (Stream<Path> files = Files.list(crashed.resolve("t-0"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".log"))).hasSize(1);
        }
    }

    @Test
    void aCleanOpenDoesNotReadFlushedData() throws Exception {
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            fill(log);
        }
        // Damage a record inside the first (flushed, closed) segment: only a full scan would notice.
        int firstBatch = gzip(0L, "v0", "v1").sizeInBytes();
        flipByte(partitionDir().resolve("00000000000000000000.log"), firstBatch - 2);
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            assertThat(log.logEndOffset()).isEqualTo(30);
        }
        // Below the recovery point an unclean open does not look either.
        try (FileLog log = TestLogs.open(dir, smallSegments, time, false)) {
            assertThat(log.logEndOffset()).isEqualTo(30);
        }
        // Without a checkpoint everything is validated, and the damage is found.
        Files.delete(partitionDir().resolve(PartitionCheckpoint.FILE_NAME));
        try (FileLog log = TestLogs.open(dir, smallSegments, time, false)) {
            assertThat(log.logEndOffset()).isZero();
        }
    }

    @Test
    void truncateToRemovesLaterBatchesSegmentsAndEpochs() throws Exception {
        List<String> expected;
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            expected = fill(log);
            log.updateHighWatermark(30);
            int before = log.segmentCount();
            log.truncateTo(13); // inside the batch 12-13, which goes whole
            assertThat(log.logEndOffset()).isEqualTo(12);
            assertThat(log.highWatermark()).isEqualTo(12);
            assertThat(log.segmentCount()).isLessThan(before);
            assertThat(log.latestEpoch()).isEqualTo(2);
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(2, 12));
            assertThat(log.maxTimestamp()).contains(new TimestampOffset(50, 10, 2));
            assertThat(readAll(log, 0)).isEqualTo(expected.subList(0, 12));
            assertThat(log.appendAsLeader(values("x"), 4).firstOffset()).isEqualTo(12);
            log.truncateTo(10); // epoch 2 began at 10: it goes, and so does 4
            assertThat(log.logEndOffset()).isEqualTo(10);
            assertThat(log.latestEpoch()).isEqualTo(1);
            assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 10));
            assertThat(log.endOffsetForEpoch(2)).isEqualTo(EpochEndOffset.UNDEFINED);
        }
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            assertThat(log.logEndOffset()).isEqualTo(10);
            assertThat(readAll(log, 0)).isEqualTo(expected.subList(0, 10));
            assertThat(log.latestEpoch()).isEqualTo(1);
        }
    }

    @Test
    void truncateBelowTheLogStartEmptiesTheLog() throws Exception {
        try (FileLog log = TestLogs.open(dir, smallSegments, time, true)) {
            fill(log);
            log.updateHighWatermark(30);
            log.advanceLogStartOffset(20);
            log.truncateTo(5);
            assertThat(log.logStartOffset()).isEqualTo(5);
            assertThat(log.logEndOffset()).isEqualTo(5);
            assertThat(log.sizeInBytes()).isZero();
            assertThat(log.latestEpoch()).isEqualTo(-1);
            assertThat(log.appendAsLeader(values("x"), 4).firstOffset()).isEqualTo(5);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0xff)).rewind();
            ch.write(b, position);
        }
    }

    /** Copies a directory as it is now: what a crash at this moment would leave on disk (page cache included). */
    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
