package io.ferry.connect.file.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a {@code bin/ferry standalone} worker (broker, file source and file sink in one
 * process) in the middle of copying a file through a topic; after a restart the output file ends
 * byte-identical to the input. The sink cuts what it wrote after its last commit and resumes at the
 * offsets recorded with the file; the source sends again what it sent after its last stored offset
 * (at least once), and the sink drops those records by their file position headers.
 */
class KillNineIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int LINES = 1_000_000;

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process startFerry(String log) throws IOException {
        Path home = Repo.home();
        Repo.pluginsDir();
        List<String> command = List.of(home.resolve("bin/ferry").toString(), "standalone",
                home.resolve("config/connect-standalone.properties").toString(),
                work.resolve("source.properties").toString(), work.resolve("sink.properties").toString(),
                "--override", "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0",
                "--override", "listeners=http://127.0.0.1:0",
                // The killed worker's sink consumer stays in its group until its session times out.
                "--override", "consumer.session.timeout.ms=10000");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile()).start();
        processes.add(process);
        return process;
    }

    @Test
    void theOutputEndsByteIdenticalAfterAKillAndARestart() throws Exception {
        Path in = Repo.writeLines(work.resolve("test.txt"), LINES);
        Path out = work.resolve("test.sink.txt");
        Files.writeString(work.resolve("source.properties"), String.join("\n",
                "name=local-file-source", "connector.class=FileSource", "tasks.max=1", "file=test.txt", "topic=connect-test",
                "headers.enable=true", ""));
        Files.writeString(work.resolve("sink.properties"), String.join("\n",
                "name=local-file-sink", "connector.class=FileSink", "tasks.max=1", "file=test.sink.txt", "topics=connect-test",
                "dedupe.file.positions=true", ""));
        long size = Files.size(in);

        Process first = startFerry("ferry-1.log");
        // Killed once about a fifth is copied: after commits of the sink and stored offsets of the source.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(2)).until(() -> Files.exists(out) && Files.size(out) > size / 5);
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long atKill = Files.size(out);
        System.out.printf("Killed the worker with %,d of %,d bytes in test.sink.txt%n", atKill, size);
        assertThat(atKill).as("killed mid-stream").isLessThan(size);

        Process second = startFerry("ferry-2.log");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> Files.size(out) >= size);
        assertThat(Files.size(out)).isEqualTo(size);
        assertThat(Files.mismatch(in, out)).as("first differing byte").isEqualTo(-1L);

        String log = Files.readString(work.resolve("ferry-2.log"));
        log.lines().filter(l -> l.contains("Cut ") || l.contains("Resuming")).forEach(System.out::println);

        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.mismatch(in, out)).isEqualTo(-1L);
    }
}
