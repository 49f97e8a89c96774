package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.text;
import static io.ferry.testkit.driver.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SinkTaskDriver;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sink writes: the value per line (FileStreamSink's format) or JSON lines. */
class SinkFormatsTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private final SinkTaskDriver<FileSinkTask> driver = SinkTaskDriver.withTime(time -> new FileSinkTask(time.clock()));

    @Test
    void valuesOnePerLineAsFileStreamSinkWritesThem() throws IOException {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t"), TP);
        Schema point = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        driver.put(List.of(
                text("t", 0, 0, "héllo"),
                new SinkRecord("t", 0, null, null, Schema.BYTES_SCHEMA, "raw bytes".getBytes(StandardCharsets.UTF_8), 1),
                new SinkRecord("t", 0, null, null, null, null, 2),
                new SinkRecord("t", 0, null, null, Schema.INT64_SCHEMA, 42L, 3),
                new SinkRecord("t", 0, null, null, point, new Struct(point).put("x", 7), 4)));
        driver.stop();

        assertThat(Files.readString(out)).isEqualTo("héllo\nraw bytes\nnull\n42\nStruct{x=7}\n");
    }

    @Test
    void anExistingFileIsAppendedTo() throws IOException {
        Path out = Files.writeString(dir.resolve("out.txt"), "before\n");
        driver.start(config("file", out.toString(), "topics", "t"), TP);
        driver.put(List.of(text("t", 0, 0, "after")));
        driver.stop();

        assertThat(Files.readString(out)).isEqualTo("before\nafter\n");
    }

    @Test
    void theCharsetEncodesTheText() throws IOException {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t", "charset", "ISO-8859-1"), TP);
        driver.put(List.of(text("t", 0, 0, "café")));
        driver.stop();

        assertThat(Files.readAllBytes(out)).isEqualTo("café\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void jsonLinesCarryKeyValueHeadersTopicPartitionOffsetAndTimestamp() throws IOException {
        Path out = dir.resolve("out.jsonl");
        driver.start(config("file", out.toString(), "topics", "t", "format", "json"), TP);
        Schema schema = SchemaBuilder.struct().field("name", Schema.STRING_SCHEMA).field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA))
                .field("price", Decimal.schema(2)).field("raw", Schema.OPTIONAL_BYTES_SCHEMA).build();
        Struct value = new Struct(schema).put("name", "a \"quoted\"\nname").put("tags", List.of("x", "y"))
                .put("price", new BigDecimal("12.50")).put("raw", new byte[] {1, 2, 3});
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("filename", "in.txt");
        headers.addLong("file.offset", 42L);
        driver.put(List.of(
                new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k1", schema, value, 7, 1_700_000_000_123L, TimestampType.CREATE_TIME, headers),
                new SinkRecord("t", 0, null, null, null, Map.of("n", 1), 8, null, TimestampType.NO_TIMESTAMP_TYPE)));
        driver.stop();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).containsExactly(
                "{\"key\":\"k1\",\"value\":{\"name\":\"a \\\"quoted\\\"\\nname\",\"tags\":[\"x\",\"y\"],\"price\":12.50,\"raw\":\"AQID\"},"
                        + "\"headers\":[{\"key\":\"filename\",\"value\":\"in.txt\"},{\"key\":\"file.offset\",\"value\":42}],"
                        + "\"topic\":\"t\",\"partition\":0,\"offset\":7,\"timestamp\":1700000000123}",
                "{\"key\":null,\"value\":{\"n\":1},\"headers\":[],\"topic\":\"t\",\"partition\":0,\"offset\":8,\"timestamp\":null}");
    }
}
