package io.ferry.connect.file;

import static io.ferry.connect.file.FileRecords.position;
import static io.ferry.testkit.driver.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line mode on one file: FileStreamSource's behaviour, with byte offsets. */
class SourceLineModeTest {

    @TempDir
    Path dir;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void stop() {
        driver.close();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private SourceTaskDriver<FileSourceTask> start(Path file, String... more) {
        String[] config = new String[4 + more.length];
        config[0] = "file";
        config[1] = file.toString();
        config[2] = "topic";
        config[3] = "lines";
        System.arraycopy(more, 0, config, 4, more.length);
        return driver.start(config);
    }

    @Test
    void linesEndWithLfOrCrLfAndTheEndOfLineIsNotPartOfTheValue() throws IOException {
        Path file = write("in.txt", "one\ntwo\r\nthree\r\n\nfive\n");
        start(file);

        List<SourceRecord> records = driver.drain();

        assertThat(values(records)).containsExactly("one", "two", "three", "", "five");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("lines");
            assertThat(r.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
            assertThat(r.key()).isNull();
            assertThat(r.sourcePartition()).isEqualTo(Map.of("file", file.toString()));
        });
        assertThat(records).extracting(r -> position(r)).containsExactly(4L, 9L, 16L, 17L, 22L);
    }

    @Test
    void anUnterminatedLastLineWaitsForItsEndOfLine() throws IOException {
        Path file = write("in.txt", "done\npart");
        start(file);
        assertThat(values(driver.drain())).containsExactly("done");

        append(file, "ial\nnext\n");

        assertThat(values(driver.pollUntil(2, java.time.Duration.ofSeconds(10)))).containsExactly("partial", "next");
    }

    @Test
    void aPollReturnsAtMostBatchSizeRecords() throws IOException {
        Path file = write("in.txt", numberedLines(25));
        start(file, "batch.size", "10");

        assertThat(driver.poll()).hasSize(10);
        assertThat(driver.poll()).hasSize(10);
        assertThat(values(driver.poll())).hasSize(5).last().isEqualTo("line 24");
    }

    @Test
    void afterAnIdlePollTheFirstBatchIsSmallThenBatchesGrowToBatchSize() throws IOException {
        String text = numberedLines(30_000);
        Path file = write("in.txt", text);
        start(file, "batch.size", "10000");

        assertThat(driver.poll()).hasSize(FileSourceTask.FIRST_BATCH);
        assertThat(driver.poll()).hasSize(4 * FileSourceTask.FIRST_BATCH);
        assertThat(driver.poll()).hasSize(10_000);
        assertThat(driver.poll()).hasSize(10_000);
        assertThat(values(driver.poll())).hasSize(30_000 - 25_000).last().isEqualTo("line 29999");
        assertThat(driver.poll()).isNullOrEmpty();
        Files.writeString(file, text, StandardOpenOption.APPEND);
        assertThat(driver.poll()).hasSize(FileSourceTask.FIRST_BATCH);
    }

    @Test
    void linesLongerThanTheReadBufferAreWhole() throws IOException {
        String longLine = "x".repeat(10_000);
        Path file = write("in.txt", "a\n" + longLine + "\nb\n");
        start(file, "buffer.bytes", "1024");

        assertThat(values(driver.drain())).containsExactly("a", longLine, "b");
    }

    @Test
    void nothingNewReturnsNullAfterTheInterval() throws IOException {
        Path file = write("in.txt", "");
        start(file, "poll.interval.ms", "50");

        long started = System.nanoTime();
        assertThat(driver.poll()).isEmpty();
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(40L, 5_000L);
    }

    @Test
    void stopWakesAWaitingPoll() throws Exception {
        Path file = write("in.txt", "");
        start(file, "poll.interval.ms", "60000");
        Thread stopper = new Thread(() -> driver.task().stop());
        long started = System.nanoTime();
        stopper.start();
        assertThat(driver.task().poll()).isNull();
        stopper.join();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000L);
    }

    @Test
    void aRestartResumesAfterTheLastStoredRecord() throws IOException {
        Path file = write("in.txt", "a\nb\nc\n");
        start(file);
        assertThat(values(driver.drain())).containsExactly("a", "b", "c");
        driver.commit();
        append(file, "d\ne\n");
        assertThat(values(driver.drain())).containsExactly("d", "e");
        // d and e were not stored: a restart sends them again, and nothing before them.

        driver.restart();

        assertThat(values(driver.drain())).containsExactly("d", "e");
    }

    private static String numberedLines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }
}
