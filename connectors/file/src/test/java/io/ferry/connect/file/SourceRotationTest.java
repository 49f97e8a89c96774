package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.header;
import static io.ferry.testkit.driver.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation (rename and a new file) and truncation of a followed file: no loss, no duplicates. */
class SourceRotationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void stop() {
        driver.close();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private SourceTaskDriver<FileSourceTask> start(Path file) {
        return driver.start("file", file.toString(), "topic", "t", "poll.interval.ms", "20", "headers.enable", "true");
    }

    @Test
    void aRotatedFileIsFinishedAndTheNewOneReadFromTheStart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "a1\na2\n");
        start(log);
        assertThat(values(driver.drain())).containsExactly("a1", "a2");

        // The writer appends once more, the file is renamed, the writer still finishes a line in it
        // (without an end of line), and a new file takes the name.
        append(log, "a3\n");
        Files.move(log, dir.resolve("app.log.1"));
        append(dir.resolve("app.log.1"), "a4-unterminated");
        append(log, "b1\nb2\n");

        List<SourceRecord> records = driver.pollUntil(all -> values(all).contains("b2"), TIMEOUT);

        assertThat(values(records)).containsExactly("a3", "a4-unterminated", "b1", "b2");
        assertThat(records).extracting(r -> header(r, "file.generation")).containsExactly(0L, 0L, 1L, 1L);
        assertThat(records).extracting(r -> header(r, "file.offset")).containsExactly(6L, 9L, 0L, 3L);
        assertThat(driver.drain()).isEmpty();
    }

    @Test
    void aFileRotatedWhileStoppedIsFinishedAfterTheRestart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "a1\na2\n");
        start(log);
        assertThat(values(driver.drain())).containsExactly("a1", "a2");
        driver.commit();
        driver.task().stop();

        append(log, "a3\n");
        Files.move(log, dir.resolve("app.log.1"));
        append(log, "b1\n");
        driver.restart();

        List<SourceRecord> records = driver.pollUntil(all -> values(all).contains("b1"), TIMEOUT);
        assertThat(values(records)).containsExactly("a3", "b1");
        driver.commit();

        driver.restart();
        append(log, "b2\n");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("b2");
    }

    @Test
    void aRotationWithoutAReplacementWaitsForTheNewFile() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "a1\n");
        start(log);
        assertThat(values(driver.drain())).containsExactly("a1");

        append(log, "a2\n");
        Files.move(log, dir.resolve("app.log.1"));
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("a2");
        assertThat(driver.drain()).isEmpty();

        append(log, "b1\n");
        assertThat(values(driver.pollUntil(1, TIMEOUT))).containsExactly("b1");
    }

    @Test
    void aTruncatedFileIsReadAgainFromByteZero() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\n");
        start(log);
        assertThat(values(driver.drain())).containsExactly("old 1", "old 2");

        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "rw")) {
            raf.setLength(0);
        }
        append(log, "new\n");

        List<SourceRecord> records = driver.pollUntil(1, TIMEOUT);
        assertThat(values(records)).containsExactly("new");
        assertThat(header(records.get(0), "file.generation")).isEqualTo(1L);
        assertThat(header(records.get(0), "file.offset")).isEqualTo(0L);
    }

    @Test
    void aFileRewrittenInPlaceBeyondTheOldLengthIsReadFromByteZero() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old\n");
        start(log);
        assertThat(values(driver.drain())).containsExactly("old");

        // Truncated and rewritten longer before the source looked: only the first bytes tell.
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "rw")) {
            raf.setLength(0);
            raf.write("NEW 1\nNEW 2\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(values(driver.pollUntil(2, TIMEOUT))).containsExactly("NEW 1", "NEW 2");
    }

    @Test
    void aFileTruncatedWhileStoppedIsReadFromByteZeroAfterTheRestart() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "old 1\nold 2\n");
        start(log);
        driver.drain();
        driver.commit();
        driver.task().stop();

        Files.writeString(log, "x\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        driver.restart();

        assertThat(values(driver.drain())).containsExactly("x");
    }

    @Test
    void repeatedRotationsUnderSteadyWritesLoseAndRepeatNothing() throws IOException {
        Path log = dir.resolve("app.log");
        append(log, "");
        start(log);
        List<String> seen = new ArrayList<>();
        int line = 0;
        for (int rotation = 1; rotation <= 5; rotation++) {
            for (int i = 0; i < 300; i++) {
                append(log, "line " + line++ + "\n");
                if (i % 100 == 0) {
                    seen.addAll(values(driver.poll()));
                }
            }
            Files.move(log, dir.resolve("app.log." + rotation));
            // The new file starts while the old one still has unread lines; each rotation is noticed
            // before the next (a tailer cannot tell two renames within one look apart).
            String first = "line " + line++;
            append(log, first + "\n");
            seen.addAll(values(driver.pollUntil(all -> values(all).contains(first), TIMEOUT)));
        }
        seen.addAll(driver.drain().stream().map(r -> (String) r.value()).toList());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < line; i++) {
            expected.add("line " + i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
