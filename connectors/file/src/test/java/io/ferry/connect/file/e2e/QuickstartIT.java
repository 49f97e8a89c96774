package io.ferry.connect.file.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, exactly as shipped: {@code bin/ferry standalone} with the three files in config/, started
 * in a folder holding test.txt, copies it through the embedded broker into test.sink.txt with Ferry's file
 * connectors; a line appended later arrives too; SIGTERM stops it cleanly.
 */
class QuickstartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private Process ferry;

    @AfterEach
    void stop() throws InterruptedException {
        if (ferry != null && ferry.isAlive()) {
            ferry.destroyForcibly();
            ferry.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private List<String> sinkLines() throws IOException {
        Path sink = work.resolve("test.sink.txt");
        return Files.exists(sink) ? Files.readAllLines(sink, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void theShippedQuickstartCopiesTestTxtWithFerrysFileConnectors() throws Exception {
        Path home = Repo.home();
        Repo.pluginsDir();
        assertThat(Files.readString(home.resolve("config/connect-file-source.properties")))
                .contains("connector.class=FileSource");
        Files.writeString(work.resolve("test.txt"), "all streams lead to kafka\nhello kafka streams\n");
        ferry = new ProcessBuilder(home.resolve("bin/ferry").toString(), "standalone",
                home.resolve("config/connect-standalone.properties").toString(),
                home.resolve("config/connect-file-source.properties").toString(),
                home.resolve("config/connect-file-sink.properties").toString(),
                "--override", "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0",
                "--override", "listeners=http://127.0.0.1:0")
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("ferry.log").toFile()).start();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(sinkLines()).containsExactly("all streams lead to kafka", "hello kafka streams"));
        Files.writeString(work.resolve("test.txt"), "team\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(sinkLines()).containsExactly("all streams lead to kafka", "hello kafka streams", "team"));
        ferry.destroy();
        assertThat(ferry.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        assertThat(Files.readString(work.resolve("ferry.log"))).contains("FileSourceConnector");
    }
}
