package io.ferry.connect.file;

import static io.ferry.testkit.driver.Records.texts;
import static io.ferry.testkit.driver.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.SinkTaskDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolled output files: by size, by time, named by a pattern, and exactly once across a crash. */
class SinkRollingTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private final SinkTaskDriver<FileSinkTask> driver = SinkTaskDriver.withTime(time -> new FileSinkTask(time.clock()));

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("line %03d", i)).collect(Collectors.toList());
    }

    private List<Path> outputs() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
        }
    }

    private List<String> allLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : outputs()) {
            lines.addAll(Files.readAllLines(file));
        }
        return lines;
    }

    @Test
    void filesRollAtTheFirstRecordBoundaryPastTheSize() throws IOException {
        // 9 bytes per line: 4 lines (36 bytes) reach 30 bytes, then the next file starts.
        driver.start(config("file.pattern", dir.resolve("part-{n}.txt").toString(), "topics", "t", "roll.size.bytes", "30"), TP);
        driver.put(texts("t", 0, 0, lines(0, 10)));
        driver.stop();

        assertThat(outputs()).extracting(p -> p.getFileName().toString()).containsExactly("part-0.txt", "part-1.txt", "part-2.txt");
        assertThat(Files.readAllLines(dir.resolve("part-0.txt"))).isEqualTo(lines(0, 4));
        assertThat(Files.readAllLines(dir.resolve("part-1.txt"))).isEqualTo(lines(4, 8));
        assertThat(Files.readAllLines(dir.resolve("part-2.txt"))).isEqualTo(lines(8, 10));
    }

    @Test
    void filesRollByAgeAndTheTimeIsInTheName() throws IOException {
        driver.start(config("file.pattern", dir.resolve("out-{time:yyyyMMdd-HHmmss}-{n}.log").toString(), "topics", "t",
                "roll.interval.ms", "60000"), TP);
        driver.put(texts("t", 0, 0, lines(0, 2)));
        driver.time().advance(30_000);
        driver.put(texts("t", 0, 2, lines(2, 3)));
        driver.time().advance(30_000);
        driver.put(List.of()); // an empty batch after the interval: the worker calls put() after every poll
        driver.time().advance(120_000);
        driver.put(List.of()); // no record: no new (empty) file
        driver.put(texts("t", 0, 3, lines(3, 4)));
        driver.stop();

        // 1700000000000 ms = 2023-11-14T22:13:20Z; the second file starts with its first record, 3 minutes later.
        assertThat(outputs()).extracting(p -> p.getFileName().toString())
                .containsExactly("out-20231114-221320-0.log", "out-20231114-221620-1.log");
        assertThat(Files.readAllLines(dir.resolve("out-20231114-221320-0.log"))).isEqualTo(lines(0, 3));
        assertThat(Files.readAllLines(dir.resolve("out-20231114-221620-1.log"))).isEqualTo(lines(3, 4));
    }

    @Test
    void aCrashAfterRollsResumesInTheRightFileWithoutDuplicates() throws IOException {
        Map<String, String> config = config("file.pattern", dir.resolve("part-{n}.txt").toString(), "topics", "t",
                "roll.size.bytes", "30");
        List<SinkRecord> all = texts("t", 0, 0, lines(0, 20));
        driver.start(config, TP);
        driver.put(all.subList(0, 6));
        driver.commit();
        driver.put(all.subList(6, 11)); // rolls once more (durably), then writes lines 8-10 uncommitted
        driver.crash();

        driver.start(config, TP);
        long from = driver.resumeOffset(TP);
        driver.put(all.stream().filter(r -> r.kafkaOffset() >= from).collect(Collectors.toList()));
        driver.stop();

        assertThat(allLines()).isEqualTo(lines(0, 20));
        assertThat(outputs()).hasSize(5);
    }

    @Test
    void existingFilesAreNotOverwritten() throws IOException {
        Files.writeString(dir.resolve("part-0.txt"), "someone else's\n");
        driver.start(config("file.pattern", dir.resolve("part-{n}.txt").toString(), "topics", "t"), TP);
        driver.put(texts("t", 0, 0, lines(0, 1)));
        driver.stop();

        assertThat(dir.resolve("part-0.txt")).hasContent("someone else's");
        assertThat(Files.readAllLines(dir.resolve("part-1.txt"))).isEqualTo(lines(0, 1));
    }
}
