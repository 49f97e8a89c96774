package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.dump;
import static io.ferry.broker.log.TestLogs.keyed;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {

    @TempDir
    Path dir;

    private static final long T0 = 1_000_000L;
    private final ManualTime time = new ManualTime(T0);
    private static final Compression GZIP = Compression.gzip().build();

    /** Compact only, one batch per segment, tombstones kept 10 s. */
    private final LogConfig compact = TestLogs.compacted(TestLogs.withSegmentBytes(config(), 150), false, 10_000L, 0L);

    private FileLog open(LogConfig cfg) throws Exception {
        return TestLogs.open(dir, cfg, time, true);
    }

    @Test
    void keepsTheLatestRecordOfEachKeyAtItsOriginalOffset() throws Exception {
        try (FileLog log = open(compact)) {
            log.appendAsLeader(keyed(Compression.NONE, T0, "k1", "a1", "k2", "a2", "k3", "a3"), 0); // 0-2
            log.appendAsLeader(keyed(GZIP, T0, "k1", "b1", "k2", "b2"), 0);                      // 3-4
            log.appendAsLeader(keyed(Compression.NONE, T0, "k4", "c4"), 0);                      // 5
            log.appendAsLeader(keyed(GZIP, T0, "k1", "d1", "k3", "d3"), 0);                      // 6-7
            log.appendAsLeader(keyed(Compression.NONE, T0, "k5", "e5", "k1", "e1"), 0);          // 8-9, active
            assertThat(log.segmentCount()).isEqualTo(5);
            log.updateHighWatermark(log.logEndOffset());
            long sizeBefore = log.sizeInBytes();

            long reclaimed = log.compact(T0);

            assertThat(reclaimed).isPositive();
            assertThat(log.sizeInBytes()).isEqualTo(sizeBefore - reclaimed);
            // The active segment is not compacted, so k1=d1 stays although k1=e1 follows.
            assertThat(dump(log)).containsExactly("4:k2=b2", "5:k4=c4", "6:k1=d1", "7:k3=d3", "8:k5=e5", "9:k1=e1");
            assertThat(log.logStartOffset()).isZero();
            assertThat(TestLogs.readAll(log, 0)).extracting(s -> s.split(":")[0])
                    .containsExactly("4", "5", "6", "7", "8", "9");
            assertThat(TestLogs.readAll(log, 3)).first().isEqualTo("4:b2");
            for (RecordBatch b : log.batchesFrom(0)) {
                b.ensureValid();
            }
            // Nothing new is dirty: a second pass does nothing.
            assertThat(log.compact(T0)).isZero();
            assertThat(log.appendAsLeader(keyed(Compression.NONE, T0, "k9", "x"), 0).firstOffset()).isEqualTo(10);
            log.updateHighWatermark(log.logEndOffset());
        }
        try (FileLog log = open(compact)) {
            assertThat(dump(log)).containsExactly("4:k2=b2", "5:k4=c4", "6:k1=d1", "7:k3=d3", "8:k5=e5", "9:k1=e1",
                    "10:k9=x");
            // The append rolled the segment holding k1=e1: now it is dirty, and supersedes k1=d1.
            assertThat(log.compact(T0)).isPositive();
            assertThat(dump(log)).containsExactly("4:k2=b2", "5:k4=c4", "7:k3=d3", "8:k5=e5", "9:k1=e1", "10:k9=x");
        }
    }

    @Test
    void dropsTombstonesOnceTheyAreOlderThanDeleteRetention() throws Exception {
        try (FileLog log = open(compact)) {
            log.appendAsLeader(keyed(Compression.NONE, T0, "k1", "v1"), 0);           // 0
            log.appendAsLeader(keyed(Compression.NONE, T0 - 20_000, "k1", null), 0);  // 1: an old tombstone
            log.appendAsLeader(keyed(Compression.NONE, T0, "k2", "v2"), 0);           // 2
            log.appendAsLeader(keyed(GZIP, T0, "k2", null), 0);                       // 3: a recent tombstone
            log.appendAsLeader(keyed(Compression.NONE, T0, "k3", "v3"), 0);           // 4, active
            log.updateHighWatermark(log.logEndOffset());

            log.compact(T0);
            assertThat(dump(log)).containsExactly("3:k2=null", "4:k3=v3");

            time.advance(5_000);
            assertThat(log.compact(time.milliseconds())).isZero();
            assertThat(dump(log)).containsExactly("3:k2=null", "4:k3=v3");

            time.advance(5_001);
            log.compact(time.milliseconds());
            assertThat(dump(log)).containsExactly("4:k3=v3");
            assertThat(log.logEndOffset()).isEqualTo(5);
        }
    }

    @Test
    void respectsMinCompactionLag() throws Exception {
        LogConfig lagged = TestLogs.compacted(TestLogs.withSegmentBytes(config(), 150), false, 10_000L, 60_000L);
        try (FileLog log = open(lagged)) {
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "1"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "2"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "x", "3"), 0);
            log.updateHighWatermark(log.logEndOffset());
            assertThat(log.compact(T0 + 59_999)).isZero();
            assertThat(dump(log)).hasSize(3);
            assertThat(log.compact(T0 + 60_000)).isPositive();
            assertThat(dump(log)).containsExactly("1:k=2", "2:x=3");
        }
    }

    @Test
    void neverCompactsAboveTheHighWatermark() throws Exception {
        try (FileLog log = open(compact)) {
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "1"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "2"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "3"), 0);
            log.updateHighWatermark(1);
            log.compact(T0);
            assertThat(dump(log)).containsExactly("0:k=1", "1:k=2", "2:k=3");
            log.updateHighWatermark(2);
            log.compact(T0);
            assertThat(dump(log)).containsExactly("1:k=2", "2:k=3");
        }
    }

    @Test
    void keepsRecordsWithoutKeyWhenTheTopicAlsoDeletes() throws Exception {
        LogConfig both = TestLogs.compacted(TestLogs.withSegmentBytes(config(), 100), true, 10_000L, 0L);
        try (FileLog log = open(both)) {
            log.appendAsLeader(values(T0, "no-key"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "1"), 0);
            log.appendAsLeader(keyed(Compression.NONE, T0, "k", "2"), 0);
            log.appendAsLeader(values(T0, "active"), 0);
            log.updateHighWatermark(log.logEndOffset());
            log.compact(T0);
            assertThat(dump(log)).containsExactly("0:null=no-key", "2:k=2", "3:null=active");
        }
    }

    @Test
    void controlBatchesStayAndAbortedRecordsNeverSupersedeCommittedOnes() throws Exception {
        LogConfig cfg = TestLogs.compacted(TestLogs.withSegmentBytes(config(), 120), false, 10_000L, 0L);
        try (FileLog log = open(cfg)) {
            log.appendAsLeader(keyed(Compression.NONE, T0, "a", "1", "k", "v1"), 0);                       // 0-1
            log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 1L, (short) 0, 0,
                    new SimpleRecord(T0, TestLogs.bytes("a"), TestLogs.bytes("2"))), 0);                   // 2
            log.appendAsLeader(MemoryRecords.withEndTransactionMarker(1L, (short) 0,
                    new EndTransactionMarker(ControlRecordType.ABORT, 0)), 0);                           // 3
            log.appendAsLeader(MemoryRecords.withTransactionalRecords(GZIP, 2L, (short) 0, 0,
                    new SimpleRecord(T0, TestLogs.bytes("k"), TestLogs.bytes("v3"))), 0);                  // 4
            log.appendAsLeader(MemoryRecords.withEndTransactionMarker(2L, (short) 0,
                    new EndTransactionMarker(ControlRecordType.COMMIT, 0)), 0);                          // 5
            log.appendAsLeader(keyed(Compression.NONE, T0, "z", "1"), 0);                                  // 6
            log.updateHighWatermark(log.logEndOffset());

            log.compact(T0);

            List<String> data = new ArrayList<>();
            List<Long> control = new ArrayList<>();
            for (RecordBatch b : log.batchesFrom(0)) {
                for (Record r : b) {
                    if (b.isControlBatch()) {
                        control.add(r.offset());
                    } else {
                        data.add(r.offset() + ":" + TestLogs.string(r.key()) + "=" + TestLogs.string(r.value()));
                    }
                }
            }
            assertThat(data).containsExactly("0:a=1", "2:a=2", "4:k=v3", "6:z=1");
            assertThat(control).containsExactly(3L, 5L);
        }
    }

    @Test
    void aCompactionInterruptedBeforeItsSwapLeavesTheOldSegment() throws Exception {
        List<String> before;
        try (FileLog log = open(compact)) {
            fillForSwap(log);
            before = dump(log);
        }
        Path partition = dir.resolve("t-0");
        Files.write(partition.resolve("00000000000000000000.log.cleaned"), new byte[] {1, 2, 3});
        Files.write(partition.resolve("00000000000000000000.index.swap"), new byte[] {1, 2, 3});
        try (FileLog log = open(compact)) {
            assertThat(dump(log)).isEqualTo(before);
        }
        assertThat(partition.resolve("00000000000000000000.log.cleaned")).doesNotExist();
        assertThat(partition.resolve("00000000000000000000.index.swap")).doesNotExist();
    }

    @Test
    void aCompactionInterruptedAfterItsOutputWasCompleteIsFinishedAtStartUp() throws Exception {
        Path original = dir.resolve("original");
        Path compacted = dir.resolve("compacted");
        try (FileLog log = TestLogs.open(original, compact, time, true)) {
            fillForSwap(log);
        }
        FileLogRecoveryTest.copyTree(original.resolve("t-0"), compacted.resolve("t-0"));
        List<String> expected;
        try (FileLog log = TestLogs.open(compacted, compact, time, true)) {
            log.compact(T0);
            expected = dump(log);
        }
        // The crash came after the output was renamed to .swap and the old log to .deleted.
        Path p = original.resolve("t-0");
        Files.copy(compacted.resolve("t-0").resolve("00000000000000000000.log"),
                p.resolve("00000000000000000000.log.swap"));
        Files.move(p.resolve("00000000000000000000.log"), p.resolve("00000000000000000000.log.deleted"),
                StandardCopyOption.ATOMIC_MOVE);
        try (FileLog log = TestLogs.open(original, compact, time, true)) {
            assertThat(dump(log)).isEqualTo(expected).isNotEqualTo(List.of());
        }
        assertThat(p.resolve("00000000000000000000.log.swap")).doesNotExist();
        assertThat(p.resolve("00000000000000000000.log.deleted")).doesNotExist();
        assertThat(p.resolve("00000000000000000000.index")).exists();
    }

    /** Segment 0 holds k1, k2 and k3 twice; the next segments update k1 and k2. */
    private static void fillForSwap(FileLog log) throws Exception {
        log.appendAsLeader(keyed(Compression.NONE, T0, "k1", "a", "k2", "b", "k3", "c", "k3", "d"), 0);
        log.appendAsLeader(keyed(Compression.NONE, T0, "k1", "e", "k2", "f"), 0);
        log.appendAsLeader(keyed(Compression.NONE, T0, "k4", "g"), 0);
        log.updateHighWatermark(log.logEndOffset());
    }
}
