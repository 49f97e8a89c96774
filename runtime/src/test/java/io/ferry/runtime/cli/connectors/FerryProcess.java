package io.ferry.runtime.cli.connectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/ferry} as a user types it, as a child process in a folder of its own, with an environment free of
 * the user's FERRY_* settings and contexts file.
 */
final class FerryProcess {

    /** What a run printed and its exit status. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private final Path work;
    private final Map<String, String> env = new HashMap<>();

    FerryProcess(Path work) {
        this.work = work;
        env.put("HOME", work.toString());
        env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
    }

    static Path repo() {
        Path module = Paths.get("").toAbsolutePath();
        return Files.exists(module.resolve("bin/ferry")) ? module : module.getParent();
    }

    FerryProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} (or nothing) on standard input. */
    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin/ferry").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("FERRY_") || k.equals("NO_COLOR"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Path in = Files.writeString(Files.createTempFile(work, "in", ".txt"), stdin == null ? "" : stdin);
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("bin/ferry " + String.join(" ", args) + " did not finish: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
