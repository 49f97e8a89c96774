package io.ferry.broker.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a child JVM with this test's class path, as the Kafka scripts or bin/ferry would. */
public final class JavaProcess {

    private JavaProcess() {
    }

    /** The outcome of a finished tool run. */
    public record Result(int exitCode, String output) {
    }

    public static Process start(Path logFile, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (logFile != null) {
            pb.redirectOutput(logFile.toFile());
        }
        return pb.start();
    }

    /** Runs one of Kafka's command-line tools against {@code bootstrap} ({@code --bootstrap-server} first). */
    public static Result runTool(String mainClass, String bootstrap, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = bootstrap;
        System.arraycopy(args, 0, all, 2, args.length);
        return run(null, mainClass, all);
    }

    /** Runs a tool to completion (at most 60 s), feeding {@code stdin}, and returns its exit code and output. */
    public static Result run(String stdin, String mainClass, String... args) throws Exception {
        Path out = Files.createTempFile("tool", ".log");
        try {
            Process p = start(out, mainClass, args);
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(mainClass + " did not finish in 60 s: " + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

}
