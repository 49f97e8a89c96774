package io.ferry.connect.file;

import static io.ferry.connect.file.FileRecords.position;
import static io.ferry.testkit.driver.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.connect.file.source.FileStreamOffsets;
import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offsets are byte positions: exact for multi-byte UTF-8 (FileStream's character count is not). */
class SourceOffsetsTest {

    private static final List<String> LINES = List.of("Grüße aus Köln", "日本語のテキスト", "emoji 😀🚀 here", "plain", "ñandú", "end ✓");

    @TempDir
    Path dir;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void positionsCountBytesOfMultiByteUtf8() throws IOException {
        Path file = Files.writeString(dir.resolve("utf8.txt"), String.join("\n", LINES) + "\n", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t");

        List<SourceRecord> records = driver.drain();

        assertThat(values(records)).isEqualTo(LINES);
        long expected = 0;
        for (int i = 0; i < LINES.size(); i++) {
            expected += LINES.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
            assertThat(position(records.get(i))).isEqualTo(expected);
        }
        assertThat(expected).isEqualTo(Files.size(file));
    }

    @Test
    void aRestartAfterMultiByteLinesResumesAtTheExactByte() throws IOException {
        Path file = Files.writeString(dir.resolve("utf8.txt"), String.join("\n", LINES) + "\n", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "batch.size", "3");
        assertThat(values(driver.poll())).isEqualTo(LINES.subList(0, 3));
        driver.commit();
        driver.poll(); // polled, never stored: sent again after the restart

        driver.restart();

        assertThat(values(driver.drain())).isEqualTo(LINES.subList(3, LINES.size()));
    }

    @Test
    void aFileStreamSourceOffsetInCharactersIsTakenOverAtTheRightByte() throws IOException {
        Path file = Files.writeString(dir.resolve("utf8.txt"), String.join("\n", LINES) + "\n", StandardCharsets.UTF_8);
        // FileStreamSource stored the characters it consumed: the first three lines and their \n.
        long chars = LINES.subList(0, 3).stream().mapToLong(l -> l.length() + 1).sum();
        driver.storeOffset(FileStreamOffsets.partition(file.toString()), Map.of("position", chars));

        driver.start("file", file.toString(), "topic", "t");

        assertThat(values(driver.drain())).isEqualTo(LINES.subList(3, LINES.size()));
    }

    @Test
    void theCharacterCountOfFileStreamConvertsToBytes() throws IOException {
        Path file = Files.writeString(dir.resolve("c.txt"), "aé😀b", StandardCharsets.UTF_8);
        assertThat(FileStreamOffsets.bytePosition(file, 0)).isZero();
        assertThat(FileStreamOffsets.bytePosition(file, 1)).isEqualTo(1);
        assertThat(FileStreamOffsets.bytePosition(file, 2)).isEqualTo(3);
        assertThat(FileStreamOffsets.bytePosition(file, 4)).isEqualTo(7);
        assertThat(FileStreamOffsets.bytePosition(file, 5)).isEqualTo(8);
        assertThat(FileStreamOffsets.bytePosition(file, 6)).isEqualTo(-1);
    }
}
