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
 * Every one of Kafka's tools through bin/ferry, as a user types it, against a broker, with Kafka's output and exit
 * codes; an unknown tool and Ferry's own --version.
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
    void theOtherToolsRunAgainstTheBrokerToo() throws Exception {
        String bs = broker.bootstrap();
        assertThat(ferry(null, "topics", "--bootstrap-server", bs, "--create", "--topic", "more", "--partitions",
                "1").exit()).isZero();
        Run perf = ferry(null, "producer-perf-test", "--bootstrap-server", bs, "--topic", "more", "--num-records",
                "200", "--record-size", "100", "--throughput", "-1");
        assertThat(perf.exit()).as(perf.out()).isZero();
        assertThat(perf.out()).contains("200 records sent");
        Run consumerPerf = ferry(null, "consumer-perf-test", "--bootstrap-server", bs, "--topic", "more",
                "--messages", "200", "--timeout", "30000");
        assertThat(consumerPerf.exit()).as(consumerPerf.out()).isZero();
        assertThat(consumerPerf.out()).contains("data.consumed.in.MB");
        Run verifiable = ferry(null, "verifiable-producer", "--bootstrap-server", bs, "--topic", "more",
                "--max-messages", "10");
        assertThat(verifiable.exit()).as(verifiable.out()).isZero();
        assertThat(verifiable.out()).contains("\"name\":\"producer_send_success\"");
        Run verifiableConsumer = ferry(null, "verifiable-consumer", "--bootstrap-server", bs, "--topic", "more",
                "--group-id", "verifier", "--max-messages", "10");
        assertThat(verifiableConsumer.out()).as(verifiableConsumer.out()).contains("\"name\":\"records_consumed\"");

        Path json = Files.writeString(dir.resolve("delete.json"),
                "{\"partitions\":[{\"topic\":\"more\",\"partition\":0,\"offset\":5}],\"version\":1}");
        Run delete = ferry(null, "delete-records", "--bootstrap-server", bs, "--offset-json-file", json.toString());
        assertThat(delete.exit()).as(delete.out()).isZero();
        assertThat(delete.out()).contains("low_watermark: 5");

        Run dirs = ferry(null, "log-dirs", "--bootstrap-server", bs, "--describe", "--topic-list", "more");
        assertThat(dirs.out()).contains("\"brokers\"", "more-0");
        Run election = ferry(null, "leader-election", "--bootstrap-server", bs, "--election-type", "preferred",
                "--topic", "more", "--partition", "0");
        assertThat(election.out()).contains("Valid replica already elected for partitions more-0");
        Path move = Files.writeString(dir.resolve("move.json"), "{\"topics\":[{\"topic\":\"more\"}],\"version\":1}");
        Run generate = ferry(null, "reassign-partitions", "--bootstrap-server", bs, "--topics-to-move-json-file",
                move.toString(), "--broker-list", "1", "--generate");
        assertThat(generate.exit()).as(generate.out()).isZero();
        assertThat(generate.out()).contains("Current partition replica assignment", "Proposed partition reassignment");
        Run transactions = ferry(null, "transactions", "--bootstrap-server", bs, "list");
        assertThat(transactions.exit()).as(transactions.out()).isZero();
        assertThat(transactions.out()).contains("TransactionalId");
        Run acls = ferry(null, "acls", "--bootstrap-server", bs, "--list");
        assertThat(acls.exit()).as("kafka-acls on a broker without an authorizer").isNotZero();
        assertThat(acls.out()).contains("SecurityDisabledException", "authorizer.class.name");
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
