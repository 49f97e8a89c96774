package io.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.rest.security.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashPasswordCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        InputStream previous = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine command = new CommandLine(new FerryCommand());
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            return command.execute(args);
        } finally {
            System.setIn(previous);
        }
    }

    @Test
    void printsAUsersFileLineWhoseHashMatchesThePassword() {
        assertThat(run("s3cret pass\n", "hash-password", "--iterations", "1000", "alice")).isZero();
        String line = out.toString().strip();
        assertThat(line).startsWith("alice:$pbkdf2-sha256$1000$");
        PasswordHash hash = PasswordHash.parse(line.substring("alice:".length()));
        assertThat(hash.matches("s3cret pass".toCharArray())).isTrue();
        assertThat(hash.matches("s3cret".toCharArray())).isFalse();
    }

    @Test
    void withoutAUserPrintsTheHashAloneWithTheDefaultIterations() {
        assertThat(run("pw\n", "hash-password")).isZero();
        assertThat(out.toString().strip()).startsWith("$pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$");
    }

    @Test
    void refusesAnEmptyPasswordABadUserAndTooFewIterations() {
        assertThat(run("", "hash-password", "bob")).isEqualTo(2);
        assertThat(err.toString()).contains("No password");
        assertThat(run("pw\n", "hash-password", "bad:name")).isEqualTo(2);
        assertThat(run("pw\n", "hash-password", "--iterations", "5", "bob")).isEqualTo(2);
        assertThat(err.toString()).contains("--iterations");
        assertThat(out.toString()).isEmpty();
    }
}
