package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.header;
import static io.ferry.connect.file.FileRecords.position;
import static io.ferry.testkit.driver.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom delimiters, whole files, charsets and headers. */
class SourceRecordModesTest {

    @TempDir
    Path dir;

    private final SourceTaskDriver<FileSourceTask> driver = SourceTaskDriver.of(FileSourceTask::new);

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aCustomDelimiterEndsRecords() throws IOException {
        Path file = Files.writeString(dir.resolve("d.txt"), "a\nb||c||||d||tail", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "record.mode", "delimited", "record.delimiter", "||");

        List<SourceRecord> records = driver.drain();

        assertThat(values(records)).containsExactly("a\nb", "c", "", "d");
        assertThat(position(records.get(3))).isEqualTo("a\nb||c||||d||".length());
    }

    @Test
    void delimiterEscapesAreResolved() throws IOException {
        Path file = Files.writeString(dir.resolve("d.txt"), "x\u001ey\u001e", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "record.mode", "delimited", "record.delimiter", "\\u001e");

        assertThat(values(driver.drain())).containsExactly("x", "y");
    }

    @Test
    void aDelimiterSplitAcrossReadsIsFound() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("record-").append(i).append("<END>");
        }
        Path file = Files.writeString(dir.resolve("d.txt"), text, StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "record.mode", "delimited", "record.delimiter", "<END>",
                "buffer.bytes", "1024");

        List<String> values = values(driver.drain());

        assertThat(values).hasSize(2000);
        assertThat(values.get(1999)).isEqualTo("record-1999");
    }

    @Test
    void wholeFileModeSendsTheFileAsBytesOnceItStoppedChanging() throws IOException {
        byte[] content = "line 1\nline 2\n\u0000binary\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("blob.bin"), content);
        driver.start("file", file.toString(), "topic", "t", "record.mode", "file", "file.min.age.ms", "0",
                "poll.interval.ms", "20");

        List<SourceRecord> records = driver.pollUntil(1, Duration.ofSeconds(10));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat((byte[]) records.get(0).value()).isEqualTo(content);
        assertThat(position(records.get(0))).isEqualTo(content.length);
        assertThat(driver.drain()).isEmpty();

        Files.write(file, "more".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        List<SourceRecord> more = driver.pollUntil(1, Duration.ofSeconds(10));
        assertThat(values(more)).containsExactly("more");
    }

    @Test
    void wholeFileModeWaitsForTheMinimumAge() throws IOException {
        Path file = Files.writeString(dir.resolve("blob.txt"), "young", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "record.mode", "file", "file.min.age.ms", "600000",
                "poll.interval.ms", "20");

        assertThat(driver.poll()).isEmpty();
        assertThat(driver.poll()).isEmpty();
    }

    @Test
    void iso88591LinesDecodeWithTheCharsetAndOffsetsStayBytes() throws IOException {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        Path file = Files.write(dir.resolve("l1.txt"), "café\nnaïve\n".getBytes(latin1));
        driver.start("file", file.toString(), "topic", "t", "charset", "ISO-8859-1");

        List<SourceRecord> records = driver.drain();

        assertThat(values(records)).containsExactly("café", "naïve");
        assertThat(position(records.get(1))).isEqualTo(11);
    }

    @Test
    void utf16LinesAreFoundOnCodeUnitBoundariesOnly() throws IOException {
        // U+0A41 U+4100 in UTF-16LE is 41 0A 00 41: "0A 00" (a little-endian \n) across two characters.
        String tricky = "\u0a41\u4100";
        Path file = Files.write(dir.resolve("u16.txt"), (tricky + "\nsecond\r\n").getBytes(StandardCharsets.UTF_16LE));
        driver.start("file", file.toString(), "topic", "t", "charset", "UTF-16LE");

        List<SourceRecord> records = driver.drain();

        assertThat(values(records)).containsExactly(tricky, "second");
        assertThat(position(records.get(1))).isEqualTo(Files.size(file));
    }

    @Test
    void headersCarryNiFiAttributeNames() throws IOException {
        Path file = Files.writeString(dir.resolve("h.txt"), "first\nsecond\n", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t", "headers.enable", "true");

        List<SourceRecord> records = driver.drain();

        assertThat(records).hasSize(2);
        SourceRecord second = records.get(1);
        assertThat(header(second, "filename")).isEqualTo("h.txt");
        assertThat(header(second, "path")).isEqualTo("./");
        assertThat(header(second, "absolute.path")).isEqualTo(dir.toString() + "/");
        assertThat(header(second, "file.offset")).isEqualTo(6L);
        assertThat(header(second, "file.generation")).isEqualTo(0L);
        assertThat(header(records.get(0), "file.offset")).isEqualTo(0L);
    }

    @Test
    void noHeadersByDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("h.txt"), "first\n", StandardCharsets.UTF_8);
        driver.start("file", file.toString(), "topic", "t");

        assertThat(driver.drain().get(0).headers().isEmpty()).isTrue();
    }
}
