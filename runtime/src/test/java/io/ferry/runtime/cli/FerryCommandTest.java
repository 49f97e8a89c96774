package io.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FerryCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new FerryCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void helpListsTheBrokerAndStandaloneCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("broker").contains("standalone").contains("Usage: ferry");
        assertThat(run("standalone", "--help")).isZero();
        assertThat(out.toString()).contains("WORKER_PROPERTIES").contains("CONNECTOR_CONFIG").contains("--override");
        assertThat(run("broker", "--help")).isZero();
        assertThat(out.toString()).contains("SERVER_PROPERTIES");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("connectors").contains("completion");
        assertThat(run("connectors", "--help")).isZero();
        assertThat(out.toString()).contains("list, ls").contains("apply").contains("offsets").contains("loggers").contains("Exit status:");
    }

    @Test
    void invalidWorkerConfigurationExitsWithStatusTwoAndSaysWhy() throws Exception {
        assertThat(run("standalone", dir.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Worker configuration file not found");

        Path worker = Files.writeString(dir.resolve("worker.properties"), "value.converter=JsonConverter\noffset.flush.interval.ms=x\n");
        assertThat(run("standalone", worker.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("key.converter: Missing required configuration").contains("offset.flush.interval.ms");
    }

    @Test
    void anInvalidConnectorStopsTheStartBeforeTheBrokerStarts() throws Exception {
        Path data = dir.resolve("data");
        Path worker = Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                "key.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "ferry.data.dir=" + data,
                "ferry.broker.listeners=PLAINTEXT://127.0.0.1:0", "listeners=http://127.0.0.1:0", ""));
        Path connector = Files.writeString(dir.resolve("bad.properties"), "name=bad\nconnector.class=NoSuchThing\ntasks.max=zero\n");
        assertThat(run("standalone", worker.toString(), connector.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Configuration of connector 'bad' has 2 errors")
                .contains("tasks.max: Invalid value zero").contains("connector.class: Found no connector named 'NoSuchThing'");
        assertThat(data.resolve("broker")).doesNotExist();
    }

    @Test
    void aTakenBrokerPortIsReportedClearly() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path worker = Files.writeString(dir.resolve("worker.properties"), String.join("\n",
                    "key.converter=org.apache.kafka.connect.json.JsonConverter",
                    "value.converter=org.apache.kafka.connect.json.JsonConverter",
                    "ferry.data.dir=" + dir.resolve("data"),
                    "ferry.broker.listeners=PLAINTEXT://127.0.0.1:" + taken.getLocalPort(), "listeners=http://127.0.0.1:0", ""));
            assertThat(run("standalone", worker.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("The embedded broker cannot listen on PLAINTEXT://127.0.0.1:" + taken.getLocalPort())
                    .contains("set ferry.broker.listeners");
        }
    }
}
