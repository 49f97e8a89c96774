package io.ferry.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testkit.driver.Records;
import io.ferry.testkit.driver.SourceTaskDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task test with the kit's driver: the worker's side played on the test's thread, no broker. */
class LineSourceTaskTest {

    @TempDir
    Path dir;

    @Test
    void resumesAfterTheLastCommittedLine() throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
        try (SourceTaskDriver<LineSourceTask> driver = SourceTaskDriver.of(LineSourceTask::new)) {
            driver.start("file", file.toString(), "topic", "t");
            assertThat(Records.values(driver.pollUntil(2, Duration.ofSeconds(10)))).containsExactly("a", "b");
            driver.commit();
            assertThat(driver.stored(Map.of("file", file.toString()))).isEqualTo(Map.of("line", 2L));

            Files.writeString(file, "c\n", java.nio.file.StandardOpenOption.APPEND);
            driver.restart();

            assertThat(Records.values(driver.pollUntil(1, Duration.ofSeconds(10)))).containsExactly("c");
        }
    }
}
