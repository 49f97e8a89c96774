package io.ferry.connect.file.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ferry's command line against the running README quickstart (bin/ferry standalone with the shipped files, on free
 * ports): Kafka's tools see the quickstart's topic, records and sink group; the connectors verbs list, describe,
 * pause, resume and show the offsets of its connectors.
 */
class QuickstartCommandLineIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private Process quickstart;

    record Run(int exit, String out) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (quickstart != null && quickstart.isAlive()) {
            quickstart.destroy();
            if (!quickstart.waitFor(60, TimeUnit.SECONDS)) {
                quickstart.destroyForcibly();
            }
        }
    }

    private Run ferry(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Repo.home().resolve("bin/ferry").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/ferry " + String.join(" ", args) + " did not finish: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    private String logged(Pattern pattern) throws Exception {
        Path log = work.resolve("ferry.log");
        String[] found = new String[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            return false;
        });
        return found[0];
    }

    @Test
    void kafkasToolsAndTheConnectorsVerbsWorkAgainstTheRunningQuickstart() throws Exception {
        Path home = Repo.home();
        Repo.pluginsDir();
        Files.writeString(work.resolve("test.txt"), "hello\nkafka\n");
        quickstart = new ProcessBuilder(home.resolve("bin/ferry").toString(), "standalone",
                home.resolve("config/connect-standalone.properties").toString(),
                home.resolve("config/connect-file-source.properties").toString(),
                home.resolve("config/connect-file-sink.properties").toString(),
                "--override", "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0",
                "--override", "listeners=http://127.0.0.1:0")
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("ferry.log").toFile()).start();
        String broker = "127.0.0.1:" + logged(Pattern.compile("Listening for Kafka clients on /127\\.0\\.0\\.1:(\\d+)"));
        String rest = logged(Pattern.compile("REST API listening on \\[?(http://127\\.0\\.0\\.1:\\d+)"));
        Path sink = work.resolve("test.sink.txt");
        await().atMost(TIMEOUT).until(() -> Files.exists(sink)
                && Files.readAllLines(sink, StandardCharsets.UTF_8).size() == 2);

        assertThat(ferry("topics", "--bootstrap-server", broker, "--list").out()).contains("connect-test");
        Run consumed = ferry("console-consumer", "--bootstrap-server", broker, "--topic", "connect-test",
                "--from-beginning", "--max-messages", "2", "--timeout-ms", "30000");
        assertThat(consumed.exit()).as(consumed.out()).isZero();
        assertThat(consumed.out()).contains("hello", "kafka");
        assertThat(ferry("consumer-groups", "--bootstrap-server", broker, "--list").out())
                .contains("connect-local-file-sink");

        Run list = ferry("connectors", "list", "--url", rest);
        assertThat(list.exit()).as(list.out()).isZero();
        assertThat(list.out()).contains("local-file-source", "local-file-sink", "RUNNING");
        assertThat(ferry("connectors", "describe", "local-file-source", "--url", rest).out())
                .contains("connect-test", "FileSource");
        assertThat(ferry("connectors", "pause", "local-file-sink", "--url", rest).exit()).isZero();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ferry("connectors", "list", "--url", rest).out())
                .contains("PAUSED"));
        assertThat(ferry("connectors", "resume", "local-file-sink", "--url", rest).exit()).isZero();
        assertThat(ferry("connectors", "offsets", "local-file-source", "-o", "json", "--url", rest).out())
                .contains("offsets");
        Run unknown = ferry("connectors", "describe", "local-file-sorce", "--url", rest);
        assertThat(unknown.exit()).isEqualTo(3);
        assertThat(unknown.out()).contains("local-file-source");
    }
}
