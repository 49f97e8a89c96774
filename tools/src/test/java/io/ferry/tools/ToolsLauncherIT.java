package io.ferry.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.TestBroker;

/**
 * Kafka's tools through bin/ferry, as a user types them, against a broker: topics, console-producer and
 * console-consumer, consumer-groups, configs, get-offsets; an unknown tool and Ferry's own --version.
 */
class ToolsLauncherIT {

    @TempDir
    static Path dir;
    static TestBroker broker;

    record Run(int exit, String out) {
    }

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Run ferry(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(repo().resolve("bin/ferry").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "tool", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/ferry " + String.join(" ", args) + " did not finish: " + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    private static Path repo() {
        Path module = Path.of("").toAbsolutePath();
        return Files.exists(module.resolve("bin/ferry")) ? module : module.getParent();
    }

    @Test
    void kafkasToolsRunWithTheirOwnFlagsOutputAndExitCodes() throws Exception {
        String bs = broker.bootstrap();
        Run create = ferry(null, "topics", "--bootstrap-server", bs, "--create", "--topic", "orders",
                "--partitions", "2");
        assertThat(create.exit()).as(create.out()).isZero();
        assertThat(create.out()).contains("Created topic orders.");
        Run describe = ferry(null, "topics", "--bootstrap-server", bs, "--describe", "--topic", "orders");
        assertThat(describe.out()).contains("Topic: orders", "PartitionCount: 2");

        Run produce = ferry("k1:paid\nk2:shipped\n", "console-producer", "--bootstrap-server", bs, "--topic",
                "orders", "--property", "parse.key=true", "--property", "key.separator=:");
        assertThat(produce.exit()).as(produce.out()).isZero();
        Run consume = ferry(null, "console-consumer", "--bootstrap-server", bs, "--topic", "orders",
                "--from-beginning", "--group", "billing", "--max-messages", "2", "--timeout-ms", "30000");
        assertThat(consume.exit()).as(consume.out()).isZero();
        assertThat(consume.out()).contains("paid", "shipped");

        Run groups = ferry(null, "consumer-groups", "--bootstrap-server", bs, "--describe", "--group", "billing");
        assertThat(groups.out()).contains("billing", "orders");
        Run offsets = ferry(null, "get-offsets", "--bootstrap-server", bs, "--topic", "orders");
        assertThat(offsets.out()).containsPattern("orders:[01]:[0-9]+");
        Run configs = ferry(null, "configs", "--bootstrap-server", bs, "--alter", "--entity-type", "topics",
                "--entity-name", "orders", "--add-config", "retention.ms=3600000");
        assertThat(configs.exit()).as(configs.out()).isZero();
        assertThat(ferry(null, "configs", "--bootstrap-server", bs, "--describe", "--entity-type", "topics",
                "--entity-name", "orders").out()).contains("retention.ms=3600000");

        Run missing = ferry(null, "topics", "--bootstrap-server", bs, "--describe", "--topic", "nope");
        assertThat(missing.exit()).as("Kafka's exit code for an unknown topic").isNotZero();
    }

    @Test
    void anUnknownToolAndTheVersion() throws Exception {
        Run unknown = ferry(null, "no-such-tool");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).contains("Unknown command 'no-such-tool'");
        Run version = ferry(null, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).contains("Ferry", "Kafka APIs");
        Run brokerVersion = ferry(null, "broker", "-V");
        assertThat(brokerVersion.out()).contains("Ferry", "Kafka APIs");
    }
}
