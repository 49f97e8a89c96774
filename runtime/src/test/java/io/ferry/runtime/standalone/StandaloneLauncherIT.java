package io.ferry.runtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's quickstart through {@code bin/ferry standalone} as a real child process, with the
 * shipped configuration files, in a temporary folder holding test.txt. Runs after the package
 * phase (failsafe): the launcher uses the repository's built jar, target/lib and
 * target/bundled-plugins.
 */
class StandaloneLauncherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static Path repo;

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void findTheBuiltLauncher() throws IOException {
        Path module = Paths.get("").toAbsolutePath();
        repo = Files.exists(module.resolve("bin/ferry")) ? module : module.getParent();
        assertThat(repo.resolve("bin/ferry")).as("bin/ferry from " + module).isExecutable();
        Path target = repo.resolve("runtime/target");
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.anyMatch(f -> f.getFileName().toString().matches("ferry-runtime-.*\\.jar")))
                    .as("the runtime jar in " + target + " (run mvn package first)").isTrue();
        }
        assertThat(target.resolve("lib")).isDirectory();
        assertThat(target.resolve("bundled-plugins")).isDirectory();
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process startFerry(String logName, String... overrides) throws IOException {
        List<String> command = new ArrayList<>(List.of(repo.resolve("bin/ferry").toString(), "standalone",
                repo.resolve("config/connect-standalone.properties").toString(),
                repo.resolve("config/connect-file-source.properties").toString(),
                repo.resolve("config/connect-file-sink.properties").toString(),
                "--override", "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0"));
        for (String override : overrides) {
            command.add("--override");
            command.add(override);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        builder.environment().put("FERRY_HEAP_OPTS", "-Xms64m -Xmx512m");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private List<String> sinkLines() throws IOException {
        Path sink = work.resolve("test.sink.txt");
        return Files.exists(sink) ? Files.readAllLines(sink, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void theQuickstartRunsEndToEndAndStopsCleanlyOnSigterm() throws Exception {
        Files.writeString(work.resolve("test.txt"), "foo\nbar\n");
        Process ferry = startFerry("ferry.log");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sinkLines()).containsExactly("foo", "bar"));
        Files.writeString(work.resolve("test.txt"), "baz\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sinkLines()).containsExactly("foo", "bar", "baz"));

        ferry.destroy();
        assertThat(ferry.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        String log = Files.readString(work.resolve("ferry.log"));
        assertThat(log).contains("Shutting down on signal").contains("Task local-file-source-0 stopped")
                .contains("Worker stopped").contains("Ferry broker 1 stopped");
        assertThat(log.indexOf("Worker stopped")).isLessThan(log.indexOf("Ferry broker 1 stopped"));
        assertThat(Files.readString(work.resolve("data/connect.offsets"))).contains("\"position\" : 12");
        assertThat(work.resolve("data/broker")).isDirectory();
    }

    @Test
    void noSourceLineIsLostWhenTheWorkerIsKilledMidStream() throws Exception {
        int total = 200_000;
        Files.writeString(work.resolve("test.txt"),
                IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));
        // The killed worker's sink consumer stays in its group until its session times out (45 s by default, as
        // in Kafka); a shorter session keeps the test short.
        String session = "consumer.session.timeout.ms=10000";
        Process first = startFerry("ferry-1.log", session);
        // Killed once it has stored source offsets and the sink has written some lines.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(work.resolve("data/connect.offsets"))
                && Files.exists(work.resolve("test.sink.txt")) && Files.size(work.resolve("test.sink.txt")) > 0);

        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int linesAtKill = sinkLines().size();
        System.out.println("Killed the worker with " + linesAtKill + " of " + total + " lines in test.sink.txt");
        assertThat(linesAtKill).as("killed mid-stream").isLessThan(total);

        Process second = startFerry("ferry-2.log", session);
        Set<String> expected = IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i).collect(Collectors.toSet());
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> missing = new HashSet<>(expected);
            sinkLines().forEach(missing::remove);
            assertThat(missing.size()).as("source lines missing from test.sink.txt").isZero();
        });
        assertThat(Files.readString(work.resolve("ferry-2.log"))).contains("Loaded 1 source offsets");
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
}
