package io.ferry.runtime.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
        return startFerry(Map.of(), logName, overrides);
    }

    private Process startFerry(Map<String, String> env, String logName, String... overrides) throws IOException {
        // Apache's FileStream connectors (bundled with the launcher); the shipped connector files use Ferry's own
        // file connectors, which are built after this module (their quickstart test lives in connectors/file).
        Files.writeString(work.resolve("source.properties"), String.join("\n", "name=local-file-source",
                "connector.class=FileStreamSource", "tasks.max=1", "file=test.txt", "topic=connect-test", ""));
        Files.writeString(work.resolve("sink.properties"), String.join("\n", "name=local-file-sink",
                "connector.class=FileStreamSink", "tasks.max=1", "file=test.sink.txt", "topics=connect-test", ""));
        List<String> command = new ArrayList<>(List.of(repo.resolve("bin/ferry").toString(), "standalone",
                repo.resolve("config/connect-standalone.properties").toString(),
                work.resolve("source.properties").toString(),
                work.resolve("sink.properties").toString(),
                "--override", "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0", "--override", "listeners=http://127.0.0.1:0"));
        for (String override : overrides) {
            command.add("--override");
            command.add(override);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        builder.environment().put("FERRY_HEAP_OPTS", "-Xms64m -Xmx512m");
        builder.environment().putAll(env);
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
        // The shipped configuration delivers exactly once: source offsets live in the topic connect-offsets.
        assertThat(log).contains("Task local-file-source-0 delivers exactly once").contains("Created offsets topic connect-offsets");
        assertThat(work.resolve("data/connect.offsets")).doesNotExist();
        assertThat(work.resolve("data/worker.id")).exists();
        assertThat(work.resolve("data/broker")).isDirectory();
    }

    @Test
    void theLauncherStartsTheJvmFromItsClassDataArchive() throws Exception {
        Files.writeString(work.resolve("test.txt"), "foo\n");
        // The class loading log says where each class came from; the archive is made on the first start after a build.
        Process ferry = startFerry(Map.of("FERRY_OPTS", "-Xlog:class+load=info"), "ferry.log");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(sinkLines()).containsExactly("foo"));
        ferry.destroy();
        assertThat(ferry.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(Files.readString(work.resolve("ferry.log")))
                .contains("io.ferry.runtime.cli.FerryCommand source: shared objects file (top)")
                .contains("org.apache.kafka.clients.producer.KafkaProducer source: shared objects file (top)");
        try (Stream<Path> archives = Files.list(repo.resolve("runtime/target/cds"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).anyMatch(name -> name.matches("ferry-\\d+\\.jsa"));
        }
    }

    @Test
    void noSourceLineIsLostWhenTheWorkerIsKilledMidStream() throws Exception {
        int total = 200_000;
        Files.writeString(work.resolve("test.txt"),
                IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));
        // The killed worker's sink consumer stays in its group until its session times out. Its restarted instance
        // is the same static member (group.instance.id) and takes the partition back at once: with a session of
        // 5 minutes, longer than this test waits, a dynamic member would leave the sink stalled and the test failing.
        String session = "consumer.session.timeout.ms=300000";
        String atLeastOnce = "exactly.once.source.support=disabled";
        Process first = startFerry("ferry-1.log", session, atLeastOnce);
        // Killed once it has stored source offsets and the sink has written some lines.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(work.resolve("data/connect.offsets"))
                && Files.exists(work.resolve("test.sink.txt")) && Files.size(work.resolve("test.sink.txt")) > 0);

        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int linesAtKill = sinkLines().size();
        System.out.println("Killed the worker with " + linesAtKill + " of " + total + " lines in test.sink.txt");
        assertThat(linesAtKill).as("killed mid-stream").isLessThan(total);

        Process second = startFerry("ferry-2.log", session, atLeastOnce);
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

    @Test
    void withTheShippedConfigurationEverySourceLineIsInTheTopicExactlyOnceAfterAKill() throws Exception {
        // Large enough that the source is still reading when the sink has written its first lines.
        int total = 1_000_000;
        Files.writeString(work.resolve("test.txt"),
                IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining()));
        String session = "consumer.session.timeout.ms=300000"; // see the test above
        Process first = startFerry("ferry-1.log", session);
        // Killed once transactions have committed records and offsets (the sink wrote some lines), mid-stream.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(work.resolve("test.sink.txt"))
                && Files.size(work.resolve("test.sink.txt")) > 0);
        first.destroyForcibly();
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int linesAtKill = sinkLines().size();
        System.out.println("Killed the exactly-once worker with " + linesAtKill + " of " + total + " lines in test.sink.txt");
        assertThat(linesAtKill).as("killed mid-stream").isLessThan(total);
        assertThat(Files.readString(work.resolve("ferry-1.log"))).doesNotContain("Task local-file-source-0 stopped");

        Process second = startFerry("ferry-2.log", session);
        await().atMost(TIMEOUT).until(() -> brokerAddress("ferry-2.log") != null);
        String bootstrap = brokerAddress("ferry-2.log");
        List<String> lines = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("connect-test", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (lines.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    lines.add(json.readTree(record.value()).path("payload").asText());
                }
            }
            // Anything beyond the last line would be a duplicate: read on a little.
            long quiet = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    lines.add(json.readTree(record.value()).path("payload").asText());
                }
            }
        }
        List<String> expected = IntStream.rangeClosed(1, total).mapToObj(i -> "line " + i).toList();
        assertThat(lines.size()).as("committed records in connect-test (duplicates: %d)", lines.size() - new HashSet<>(lines).size())
                .isEqualTo(total);
        int firstDifference = IntStream.range(0, total).filter(i -> !lines.get(i).equals(expected.get(i))).findFirst().orElse(-1);
        assertThat(firstDifference).as("index of the first record out of place").isEqualTo(-1);
        assertThat(Files.readString(work.resolve("ferry-2.log"))).containsPattern("Loaded [1-9]\\d* source offsets of 1 connectors from topic connect-offsets");
        // The sink (FileStreamSink) is at-least-once: every line arrives, some perhaps twice.
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> missing = new HashSet<>(expected);
            sinkLines().forEach(missing::remove);
            assertThat(missing.size()).as(() -> "lines missing from test.sink.txt; the restarted worker logged:\n"
                    + logTail("ferry-2.log")).isZero();
        });
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private String logTail(String logName) {
        try {
            List<String> lines = Files.readAllLines(work.resolve(logName));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The embedded broker's address, from a worker's log, or null if it has not started yet. */
    private String brokerAddress(String logName) throws IOException {
        Matcher matcher = Pattern.compile("the worker's clients use (\\S+)").matcher(Files.readString(work.resolve(logName)));
        return matcher.find() ? matcher.group(1) : null;
    }
}
