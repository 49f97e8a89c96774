package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.gzip;
import static io.ferry.broker.log.TestLogs.offsetsAndValues;
import static io.ferry.broker.log.TestLogs.readAll;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogReadTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000L);

    /** Ten batches of three records: offsets 3i..3i+2 hold "i.0", "i.1", "i.2"; odd batches are gzip. */
    private static void appendTenBatches(FileLog log) throws Exception {
        for (int i = 0; i < 10; i++) {
            String[] v = {i + ".0", i + ".1", i + ".2"};
            log.appendAsLeader(i % 2 == 0 ? values(v) : gzip(1_000L, v), 0);
        }
    }

    @Test
    void readFromTheMiddleOfABatchReturnsTheWholeBatch() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            appendTenBatches(log);
            ReadResult r = log.read(4, 1 << 20, log.logEndOffset(), false);
            assertThat(r.records()).isInstanceOf(FileRecords.class);
            List<String> got = offsetsAndValues(r.records());
            assertThat(got.get(0)).isEqualTo("3:1.0");
            assertThat(got).hasSize(27).last().isEqualTo("29:9.2");
            assertThat(r.logEndOffset()).isEqualTo(30);
        }
    }

    @Test
    void maxBytesCutsAtABatchBoundaryAndMinOneBatchLetsALargeBatchThrough() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            appendTenBatches(log);
            List<Integer> sizes = new ArrayList<>();
            for (RecordBatch b : log.read(0, 1 << 20, 30, false).records().batches()) {
                sizes.add(b.sizeInBytes());
            }
            int first = sizes.get(0);
            int firstTwo = sizes.get(0) + sizes.get(1);
            ReadResult two = log.read(0, firstTwo + sizes.get(2) - 1, 30, false);
            List<Long> bases = new ArrayList<>();
            for (RecordBatch b : two.records().batches()) {
                bases.add(b.baseOffset());
            }
            assertThat(bases).containsExactly(0L, 3L);
            assertThat(two.records().sizeInBytes()).isEqualTo(firstTwo);

            assertThat(log.read(0, first - 1, 30, false).records().sizeInBytes()).isZero();
            ReadResult one = log.read(0, first - 1, 30, true);
            assertThat(offsetsAndValues(one.records())).containsExactly("0:0.0", "1:0.1", "2:0.2");
        }
    }

    @Test
    void neverReturnsABatchAtOrAboveTheLimitOffset() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            appendTenBatches(log);
            log.updateHighWatermark(9);
            List<String> got = offsetsAndValues(log.read(0, 1 << 20, log.highWatermark(), true).records());
            assertThat(got).hasSize(9).last().isEqualTo("8:2.2");
            // A limit inside a batch keeps that batch out.
            assertThat(offsetsAndValues(log.read(0, 1 << 20, 10, true).records())).hasSize(9);
            // Between the high watermark and the log end: nothing yet, but not out of range.
            assertThat(log.read(9, 1 << 20, 9, true).records().sizeInBytes()).isZero();
            assertThat(log.read(12, 1 << 20, 9, true).records().sizeInBytes()).isZero();
        }
    }

    @Test
    void offsetsOutsideTheLogAreOutOfRangeAndTheLogEndReadsEmpty() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            appendTenBatches(log);
            ReadResult atEnd = log.read(30, 1 << 20, 30, true);
            assertThat(atEnd.records().sizeInBytes()).isZero();
            assertThat(atEnd.logEndOffset()).isEqualTo(30);
            assertThatThrownBy(() -> log.read(31, 1 << 20, 30, true)).isInstanceOf(OffsetOutOfRangeException.class);
            log.updateHighWatermark(30);
            log.advanceLogStartOffset(6);
            assertThatThrownBy(() -> log.read(5, 1 << 20, 30, true)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(offsetsAndValues(log.read(6, 100, 30, true).records()).get(0)).isEqualTo("6:2.0");
        }
    }

    @Test
    void rollsSegmentsBySizeAndReadsAcrossThem() throws Exception {
        int batchSize = values("0.0", "0.1", "0.2").sizeInBytes();
        LogConfig small = TestLogs.withIndexInterval(TestLogs.withSegmentBytes(config(), 3 * batchSize + 10), 1);
        try (FileLog log = TestLogs.open(dir, small, time, true)) {
            appendTenBatches(log);
            assertThat(log.segmentCount()).isGreaterThanOrEqualTo(4);
            List<Long> bases;
            try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
                bases = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                        .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
            }
            assertThat(bases).hasSize(log.segmentCount()).first().isEqualTo(0L);
            assertThat(bases).allMatch(b -> b % 3 == 0);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 3; j++) {
                    expected.add((3 * i + j) + ":" + i + "." + j);
                }
            }
            assertThat(readAll(log, 0)).isEqualTo(expected);
            assertThat(readAll(log, 13)).isEqualTo(expected.subList(13, 30));
            // One read stays within one segment, so it never returns more than a segment holds.
            assertThat(offsetsAndValues(log.read(0, 1 << 20, 30, true).records())).hasSize(bases.get(1).intValue());
            int batches = 0;
            for (RecordBatch b : log.batchesFrom(10)) {
                assertThat(b.lastOffset()).isGreaterThanOrEqualTo(10);
                batches++;
            }
            assertThat(batches).isEqualTo(7);
        }
    }

    @Test
    void rollsASegmentWhenSegmentMsHasPassedBetweenTimestamps() throws Exception {
        try (FileLog log = TestLogs.open(dir, TestLogs.withSegmentMs(config(), 1_000), time, true)) {
            log.appendAsLeader(values(10_000L, "a"), 0);
            log.appendAsLeader(values(10_500L, "b"), 0);
            assertThat(log.segmentCount()).isEqualTo(1);
            log.appendAsLeader(values(11_001L, "c"), 0);
            assertThat(log.segmentCount()).isEqualTo(2);
            assertThat(readAll(log, 0)).containsExactly("0:a", "1:b", "2:c");
        }
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() throws Exception {
        LogConfig small = TestLogs.withIndexInterval(TestLogs.withSegmentBytes(config(), 400), 1);
        try (FileLog log = TestLogs.open(dir, small, time, true)) {
            for (int i = 0; i < 20; i++) {
                log.appendAsLeader(i % 2 == 0 ? values(100L * i, "a" + i, "b" + i) : gzip(100L * i, "a" + i, "b" + i),
                        i / 5);
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
            assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(0, 0, 0));
            assertThat(log.offsetForTimestamp(550)).contains(new TimestampOffset(600, 12, 1));
            assertThat(log.offsetForTimestamp(1_300)).contains(new TimestampOffset(1_300, 26, 2));
            assertThat(log.offsetForTimestamp(1_901)).isEmpty();
            assertThat(log.maxTimestamp()).contains(new TimestampOffset(1_900, 38, 3));

            log.updateHighWatermark(log.logEndOffset());
            log.advanceLogStartOffset(27);
            assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(1_300, 27, 2));
        }
    }

    @Test
    void maxTimestampFindsTheRecordCarryingIt() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            assertThat(log.maxTimestamp()).isEmpty();
            log.appendAsLeader(values(500L, "a", "b"), 1);
            org.apache.kafka.common.record.internal.MemoryRecordsBuilder b =
                    org.apache.kafka.common.record.internal.MemoryRecords.builder(java.nio.ByteBuffer.allocate(256),
                            org.apache.kafka.common.compress.Compression.gzip().build(),
                            org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
            b.append(700L, null, TestLogs.bytes("c"));
            b.append(900L, null, TestLogs.bytes("d"));
            b.append(800L, null, TestLogs.bytes("e"));
            log.appendAsLeader(b.build(), 2);
            log.appendAsLeader(values(600L, "f"), 2);
            assertThat(log.maxTimestamp()).contains(new TimestampOffset(900, 3, 2));
        }
    }
}
