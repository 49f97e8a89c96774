package io.ferry.broker.log;

import static io.ferry.broker.log.TestLogs.config;
import static io.ferry.broker.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An epoch started at the log end without records (a replica elected leader that appended nothing before losing the
 * leadership) is dropped by a truncation to the log end, although no record goes: otherwise the replica keeps
 * naming that epoch as its last fetched one to a new leader that never had it, and never gets past the divergence.
 */
class FileLogEmptyEpochTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime(1_000_000L);

    @Test
    void truncatingToTheLogEndDropsAnEmptyLatestEpoch() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a", "b", "c"), 0);
            log.assignEpochStartOffset(1, 3);
            assertThat(log.latestEpoch()).isEqualTo(1);

            log.truncateTo(3);

            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(log.latestEpoch()).isZero();
            assertThat(log.endOffsetForEpoch(0).endOffset()).isEqualTo(3);
        }
    }

    @Test
    void truncatingBeyondTheLogEndKeepsRecordsAndEpochsWithRecords() throws Exception {
        try (FileLog log = TestLogs.open(dir, config(), time, true)) {
            log.appendAsLeader(values("a", "b"), 0);
            log.appendAsLeader(values("c"), 1);

            log.truncateTo(10);

            assertThat(log.logEndOffset()).isEqualTo(3);
            assertThat(log.latestEpoch()).isEqualTo(1);
        }
    }
}
