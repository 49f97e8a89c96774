package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.texts;
import static io.ferry.testkit.driver.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testkit.driver.Records;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.testkit.driver.SourceTaskDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly once into the file: durable bytes and offsets recorded together, torn tails cut. */
class SinkExactlyOnceTest {

    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);

    @TempDir
    Path dir;

    private final SinkTaskDriver<FileSinkTask> driver = SinkTaskDriver.withTime(time -> new FileSinkTask(time.clock()));

    private static List<String> lines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    /** Delivers records from where the consumer resumes each partition, as the worker would after a restart. */
    private void redeliverFrom(TopicPartition tp, List<SinkRecord> all) {
        long from = driver.resumeOffset(tp);
        driver.put(all.stream().filter(r -> r.kafkaOffset() >= from).collect(Collectors.toList()));
    }

    @Test
    void preCommitReturnsOnlyWhatIsDurable() throws IOException {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(texts("t", 0, 0, lines("line ", 0, 5)));

        Map<org.apache.kafka.common.TopicPartition, Long> committed = driver.commit();

        assertThat(committed).isEqualTo(Map.of(TP0, 5L));
        Path state = dir.resolve(".out.txt.ferry-sink");
        assertThat(Files.readString(state)).contains("length=35").contains("offset.0.t=5");
    }

    @Test
    void aCrashBetweenCommitsLeavesNoDuplicateAndNoGap() throws IOException {
        Path out = dir.resolve("out.txt");
        List<SinkRecord> all = texts("t", 0, 0, lines("line ", 0, 30));
        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(all.subList(0, 10));
        driver.commit();
        driver.put(all.subList(10, 20)); // written to the file, not committed
        assertThat(Files.readAllLines(out)).hasSize(20);
        driver.crash();

        driver.start(config("file", out.toString(), "topics", "t"), TP0);

        assertThat(Files.readAllLines(out)).as("the torn tail is cut back to the committed length").isEqualTo(lines("line ", 0, 10));
        assertThat(driver.resets()).isEqualTo(Map.of(TP0, 10L));
        redeliverFrom(TP0, all);
        driver.stop();
        assertThat(Files.readAllLines(out)).isEqualTo(lines("line ", 0, 30));
    }

    @Test
    void aPartialLastLineFromACrashIsCut() throws IOException {
        Path out = dir.resolve("out.txt");
        List<SinkRecord> all = texts("t", 0, 0, lines("line ", 0, 4));
        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(all.subList(0, 2));
        driver.commit();
        driver.crash();
        Files.writeString(out, "line 2\nli", StandardOpenOption.APPEND); // the process died mid-write

        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        redeliverFrom(TP0, all);
        driver.stop();

        assertThat(Files.readString(out)).isEqualTo("line 0\nline 1\nline 2\nline 3\n");
    }

    @Test
    void recordsRedeliveredBelowTheRecordedOffsetsAreSkipped() throws IOException {
        Path out = dir.resolve("out.txt");
        List<SinkRecord> all = texts("t", 0, 0, lines("line ", 0, 10));
        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(all.subList(0, 6));
        driver.commit();
        driver.crash();

        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(all); // a worker that ignored the reset delivers from offset 0
        driver.stop();

        assertThat(Files.readAllLines(out)).isEqualTo(lines("line ", 0, 10));
    }

    @Test
    void eachPartitionResumesAtItsOwnOffset() throws IOException {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t"), TP0, TP1);
        List<SinkRecord> p0 = texts("t", 0, 0, lines("a", 0, 5));
        List<SinkRecord> p1 = texts("t", 1, 0, lines("b", 0, 5));
        driver.put(p0.subList(0, 3));
        driver.put(p1.subList(0, 2));
        driver.commit();
        driver.put(p0.subList(3, 5));
        driver.crash();

        driver.start(config("file", out.toString(), "topics", "t"), TP0, TP1);

        assertThat(driver.resets()).isEqualTo(Map.of(TP0, 3L, TP1, 2L));
        redeliverFrom(TP0, p0);
        redeliverFrom(TP1, p1);
        driver.stop();
        assertThat(Files.readAllLines(out)).containsExactly("a0", "a1", "a2", "b0", "b1", "a3", "a4", "b2", "b3", "b4");
    }

    @Test
    void aFileShorterThanRecordedIsRefused() throws IOException {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t"), TP0);
        driver.put(texts("t", 0, 0, lines("line ", 0, 3)));
        driver.commit();
        driver.crash();
        Files.writeString(out, "x\n");

        assertThatThrownBy(() -> driver.start(config("file", out.toString(), "topics", "t"), TP0))
                .isInstanceOf(ConnectException.class).hasMessageContaining("changed outside the sink")
                .hasMessageContaining(".out.txt.ferry-sink");
    }

    @Test
    void resentSourceRecordsAreDroppedByTheirFilePosition() throws IOException {
        // The file source (headers on) sends a-d; the worker dies before storing the offsets of c and d,
        // so after the restart c and d are sent again: the topic holds a b c d c d.
        Path in = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\nd\n", StandardCharsets.UTF_8);
        SourceTaskDriver<FileSourceTask> source = SourceTaskDriver.of(FileSourceTask::new);
        source.start("file", in.toString(), "topic", "t", "headers.enable", "true", "batch.size", "2");
        List<SourceRecord> sent = new ArrayList<>(source.poll());
        source.commit();
        sent.addAll(source.poll());
        source.restart();
        sent.addAll(source.drain());
        source.close();
        assertThat(Records.values(sent)).containsExactly("a", "b", "c", "d", "c", "d");
        List<SinkRecord> topic = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            topic.add(Records.throughTopic(sent.get(i), "t", 0, i));
        }

        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t", "dedupe.file.positions", "true"), TP0);
        driver.put(topic.subList(0, 5));
        driver.commit();
        driver.crash();
        driver.start(config("file", out.toString(), "topics", "t", "dedupe.file.positions", "true"), TP0);
        redeliverFrom(TP0, topic);
        driver.stop();

        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
    }

    @Test
    void dedupeRefusesRecordsOfOneFileThroughTwoPartitions() {
        Path out = dir.resolve("out.txt");
        driver.start(config("file", out.toString(), "topics", "t", "dedupe.file.positions", "true"), TP0, TP1);
        org.apache.kafka.connect.header.ConnectHeaders headers = new org.apache.kafka.connect.header.ConnectHeaders();
        headers.addString("absolute.path", "/x/").addString("filename", "f").addLong("file.offset", 0).addLong("file.generation", 0);
        driver.put(List.of(new SinkRecord("t", 0, null, null, null, "a", 0, null, null, headers)));

        assertThatThrownBy(() -> driver.put(List.of(new SinkRecord("t", 1, null, null, null, "b", 0, null, null, headers))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("one partition");
    }
}
