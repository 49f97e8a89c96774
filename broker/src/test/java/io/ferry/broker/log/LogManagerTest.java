package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.readAll;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    @TempDir
    Path root;

    private final ManualTime time = new ManualTime(1_000_000L);

    private static TopicPartition tp(String topic, int p) {
        return new TopicPartition(topic, p);
    }

    @Test
    void createsLogsInTheEmptiestDirectoryAndLoadsThemAgain() throws Exception {
        List<Path> dirs = List.of(root.resolve("a"), root.resolve("b"));
        try (LogManager m = new LogManager(dirs, time)) {
            assertThat(m.loadLogs(t -> config())).isEmpty();
            for (int p = 0; p < 4; p++) {
                PartitionLog log = m.getOrCreate(tp("orders", p), config());
                log.appendAsLeader(values("v" + p), 1);
                log.updateHighWatermark(1);
            }
            assertThat(m.getOrCreate(tp("orders", 0), config())).isSameAs(m.get(tp("orders", 0)).orElseThrow());
            assertThat(m.get(tp("orders", 9))).isEmpty();
        }
        for (Path d : dirs) {
            try (Stream<Path> children = Files.list(d)) {
                assertThat(children.filter(Files::isDirectory)).hasSize(2);
            }
            assertThat(d.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).exists();
        }
        Files.createDirectories(dirs.get(0).resolve("__ferry_metadata"));
        try (LogManager m = new LogManager(dirs, time)) {
            for (Path d : dirs) {
                assertThat(d.resolve(LogManager.CLEAN_SHUTDOWN_FILE)).doesNotExist();
            }
            Map<TopicPartition, PartitionLog> loaded = m.loadLogs(t -> config());
            assertThat(loaded.keySet()).containsExactlyInAnyOrder(tp("orders", 0), tp("orders", 1), tp("orders", 2),
                    tp("orders", 3));
            for (int p = 0; p < 4; p++) {
                PartitionLog log = loaded.get(tp("orders", p));
                assertThat(log.highWatermark()).isEqualTo(1);
                assertThat(readAll(log, 0)).containsExactly("0:v" + p);
            }
        }
    }

    @Test
    void theCleanShutdownMarkerDecidesWhetherDataIsValidated() throws Exception {
        Path d = root.resolve("data");
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.loadLogs(t -> config());
            PartitionLog log = m.getOrCreate(tp("t", 0), config());
            log.appendAsLeader(values("a"), 0);
            log.appendAsLeader(values("b"), 0);
        }
        // Damage the payload of the last batch: its checksum no longer matches, its framing is intact.
        Path segment = d.resolve("t-0").resolve("00000000000000000000.log");
        FileLogRecoveryTest.flipByte(segment, Files.size(segment) - 2);
        try (LogManager m = new LogManager(List.of(d), time)) {
            assertThat(m.loadLogs(t -> config()).get(tp("t", 0)).logEndOffset()).isEqualTo(2);
        }
        Files.delete(d.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        try (LogManager m = new LogManager(List.of(d), time)) {
            assertThat(m.loadLogs(t -> config()).get(tp("t", 0)).logEndOffset()).isEqualTo(1);
        }
    }

    @Test
    void aLockedDirectoryIsRefusedWithItsName() throws Exception {
        Path d = root.resolve("data");
        try (LogManager first = new LogManager(List.of(d), time)) {
            assertThat(first.loadLogs(t -> config())).isEmpty();
            assertThatThrownBy(() -> new LogManager(List.of(root.resolve("other"), d), time))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(d.toString())
                    .hasMessageContaining("in use");
        }
        // The failed manager released what it had locked, and the first released its lock on close.
        new LogManager(List.of(root.resolve("other"), d), time).close();
    }

    @Test
    void deleteRenamesTheDirectoryAndRemovesItInTheBackground() throws Exception {
        Path d = root.resolve("data");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.loadLogs(t -> config());
            m.startBackgroundTasks(scheduler, 3_600_000L);
            m.getOrCreate(tp("gone", 0), config()).appendAsLeader(values("x"), 0);
            m.getOrCreate(tp("kept", 0), config());
            m.delete(tp("gone", 0));
            assertThat(m.get(tp("gone", 0))).isEmpty();
            assertThat(d.resolve("gone-0")).doesNotExist();
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            try (Stream<Path> children = Files.list(d)) {
                assertThat(children.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                        .containsExactly("kept-0");
            }
        }
    }

    @Test
    void aDeletionInterruptedByACrashIsFinishedAtTheNextStart() throws Exception {
        Path d = root.resolve("data");
        Path leftover = d.resolve("gone-0.0123456789abcdef0123456789abcdef-delete");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("00000000000000000000.log"), "junk");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.startBackgroundTasks(scheduler, 3_600_000L);
            assertThat(m.loadLogs(t -> config())).isEmpty();
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(leftover).doesNotExist();
        }
    }

    @Test
    void afterACrashTheNextStartRecoversTornTails() throws Exception {
        Path d = root.resolve("data");
        Path crashed = root.resolve("crashed");
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.loadLogs(t -> config());
            PartitionLog log = m.getOrCreate(tp("t", 0), config());
            log.appendAsLeader(values("a", "b"), 0);
            log.appendAsLeader(values("c"), 0);
            log.updateHighWatermark(3);
            log.flush();
            // The files as a kill -9 would leave them: no clean-shutdown marker.
            Files.createDirectories(crashed);
            FileLogRecoveryTest.copyTree(d.resolve("t-0"), crashed.resolve("t-0"));
        }
        Path segment = crashed.resolve("t-0").resolve("00000000000000000000.log");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(30).putLong(3L).putInt(400).flip());
        }
        try (LogManager m = new LogManager(List.of(crashed), time)) {
            PartitionLog log = m.loadLogs(t -> config()).get(tp("t", 0));
            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(readAll(log, 0)).containsExactly("0:a", "1:b", "2:c");
            assertThat(log.appendAsLeader(values("d"), 0).firstOffset()).isEqualTo(3);
        }
    }

    @Test
    void backgroundTasksApplyRetentionAndWriteCheckpoints() throws Exception {
        Path d = root.resolve("data");
        LogConfig shortLived = TestLogs.withRetention(TestLogs.withSegmentBytes(config(), 100), 1_000L, -1);
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.loadLogs(t -> shortLived);
            PartitionLog log = m.getOrCreate(tp("t", 0), shortLived);
            log.appendAsLeader(values(time.milliseconds(), "a"), 0);
            log.appendAsLeader(values(time.milliseconds(), "b"), 0);
            log.updateHighWatermark(1);
            m.runTask("checkpoint");
            assertThat(PartitionCheckpoint.read(d.resolve("t-0"), "t").orElseThrow().highWatermark()).isEqualTo(1);
            time.advance(1_001);
            m.runTask("retention");
            assertThat(log.logStartOffset()).isEqualTo(1);
        }
    }

    @Test
    void aCleanStartOfManyPartitionsIsFast() throws Exception {
        Path d = root.resolve("data");
        int partitions = 300;
        try (LogManager m = new LogManager(List.of(d), time)) {
            m.loadLogs(t -> config());
            for (int p = 0; p < partitions; p++) {
                PartitionLog log = m.getOrCreate(tp("many", p), config());
                for (int i = 0; i < 20; i++) {
                    log.appendAsLeader(values("value-" + i, "more-" + i), 0);
                }
                log.updateHighWatermark(log.logEndOffset());
            }
        }
        long started = System.nanoTime();
        try (LogManager m = new LogManager(List.of(d), time)) {
            Map<TopicPartition, PartitionLog> loaded = m.loadLogs(t -> config());
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(loaded).hasSize(partitions);
            assertThat(loaded.get(tp("many", 7)).logEndOffset()).isEqualTo(40);
            assertThat(ms).as("start-up of %d partitions took %d ms", partitions, ms).isLessThan(1_000);
        }
    }
}
