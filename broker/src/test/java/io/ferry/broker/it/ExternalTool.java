package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command-line client (kcat, python3, node) with a deadline. A missing tool skips the test locally; with
 * {@code CI=true} in the environment it fails it, since CI installs the tools (.ci/run).
 */
final class ExternalTool {

    /** How a run ended: exit code and everything it printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    static boolean onCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips (locally) or fails (on CI) when {@code available} is false. */
    static void require(boolean available, String what) {
        if (onCi()) {
            assertThat(available).as(what + " is required when CI=true (installed by .ci/run)").isTrue();
        } else {
            Assumptions.assumeTrue(available, what + " is not installed; skipping");
        }
    }

    /** Whether the command runs and exits 0 within 30 s. */
    static boolean works(List<String> command) {
        try {
            return run(command, null, Map.of(), Duration.ofSeconds(30)).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs the command with {@code stdin} (or none) as its input; kills it and fails when it outlives the deadline. */
    static Result run(List<String> command, String stdin, Map<String, String> env, Duration deadline)
            throws IOException {
        Path out = Files.createTempFile("ferry-tool", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            boolean exited;
            try {
                exited = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = false;
            }
            if (!exited) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + deadline
                        + ":\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
