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

/** {@code bin/ferry broker} with a log directory it cannot create: one line saying what failed and naming log.dirs. */
class BrokerCommandStorageTest {

    @TempDir
    Path dir;

    @Test
    void aLogDirBelowAFileSaysWhatFailedAndWhichSettingMovesIt() throws Exception {
        // Below a regular file: fails for every user, root included (permissions would not stop root).
        Path logDir = Files.writeString(dir.resolve("a-file"), "not a folder").resolve("broker");
        Path config = Files.writeString(dir.resolve("server.properties"),
                "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:0\nlog.dirs=" + logDir + "\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new BrokerCommand()).execute(config.toString());
        } finally {
            System.setErr(original);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(message).isEqualTo(1);
        assertThat(message).contains("Could not start the broker: cannot write " + logDir)
                .contains("not a directory (a file is in the way)")
                .contains("The broker keeps its log in log.dirs (now " + logDir + "): set it to a folder the broker can write")
                .doesNotContain("Exception");
    }
}
