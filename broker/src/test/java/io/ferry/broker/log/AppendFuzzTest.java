package io.ferry.broker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of what a produce request hands the log: any bytes as the records of an append.
 * Either the whole append lands (every batch then reads back with a valid CRC and the record count it promised) or it
 * is refused with a Kafka error and nothing is written. Any other exception, a hang or a crash is a finding. The
 * inputs in AppendFuzzTestInputs/ run as regression tests in every build; {@code JAZZER_FUZZ=1} fuzzes
 * (see docs/fuzzing.md).
 */
class AppendFuzzTest {

    private static Path dir;
    private static FileLog log;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("append-fuzz");
        log = TestLogs.open(dir, TestLogs.config(), new ManualTime(1_000_000L), true);
    }

    @AfterAll
    static void close() throws IOException {
        log.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreAppendedWholeOrRefusedWithAKafkaError(byte[] data) throws IOException {
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(data));
        long before = log.logEndOffset();
        AppendResult result;
        try {
            result = log.appendAsLeader(records, 0);
        } catch (ApiException refused) {
            assertThat(log.logEndOffset()).as("log end after a refused append").isEqualTo(before);
            return;
        }
        assertThat(result.firstOffset()).isEqualTo(before);
        long read = 0;
        for (RecordBatch batch : log.batchesFrom(before)) {
            if (batch.baseOffset() < before) {
                continue;
            }
            batch.ensureValid();
            read += batch.lastOffset() - batch.baseOffset() + 1;
        }
        assertThat(read).as("records read back").isEqualTo(result.lastOffset() - result.firstOffset() + 1);
        assertThat(log.logEndOffset()).isEqualTo(result.lastOffset() + 1);
    }
}
