package io.ferry.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code ferry zookeeper}'s configuration errors: exit code 2 and a message naming the file or the key. */
class ZooKeeperCommandTest {

    @TempDir
    Path dir;

    /** The exit code and what the command wrote to standard error. */
    private record Outcome(int exitCode, String err) {
    }

    private Outcome run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new ZooKeeperCommand()).execute(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("zookeeper.properties");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        Outcome outcome = run(missing.toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("ZooKeeper configuration file not found: " + missing);
    }

    @Test
    void anOverrideWithoutEqualsIsRejected() throws Exception {
        Outcome outcome = run(file("clientPort=0", "dataDir=" + dir).toString(), "--override", "clientPort");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Invalid --override 'clientPort': expected key=value");
    }

    @Test
    void missingClientPortAndDataDirAreNamed() throws Exception {
        Outcome noPort = run(file("dataDir=" + dir).toString());
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.err()).contains("clientPort is required");

        Outcome noDir = run(file("clientPort=0").toString());
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).contains("dataDir is required");
    }

    @Test
    void aNonNumericValueNamesTheKey() throws Exception {
        Outcome outcome = run(file("clientPort=0", "dataDir=" + dir).toString(), "--override", "tickTime=fast");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("tickTime=fast is not an integer");
    }

    @Test
    void anEnsembleMemberWithoutMyidNamesTheFile() throws Exception {
        Outcome outcome = run(file("clientPort=0", "dataDir=" + dir, "initLimit=5", "syncLimit=2",
                "server.1=localhost:2888:3888", "server.2=localhost:2889:3889", "server.3=localhost:2890:3890")
                .toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Invalid ZooKeeper configuration").contains("myid");
    }
}
