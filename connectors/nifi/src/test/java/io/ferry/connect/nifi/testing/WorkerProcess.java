package io.ferry.connect.nifi.testing;

import static org.awaitility.Awaitility.await;

import io.ferry.testkit.worker.EmbeddedWorker;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Ferry's worker (embedded broker, this plugin) with exactly-once sources in a JVM of its own, serving
 * an input port {@code from-nifi} (topic {@code nifi-events}, {@code transaction.boundary=connector})
 * whose worker may be slowed by {@link SlowFirstTime} at FlowFile 125 (the middle of the third
 * 50-FlowFile batch): a test kills it with {@code kill -9} at a chosen step. {@link #main} arguments:
 * data directory, site port, whether to slow down.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final String bootstrapServers;

    private WorkerProcess(Path root, int sitePort, boolean slow) throws IOException {
        process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), root.toString(), String.valueOf(sitePort), String.valueOf(slow)).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = process.inputReader()) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e.getMessage());
            }
        }, "worker-process-output");
        reader.setDaemon(true);
        reader.start();
        bootstrapServers = awaitLine("READY ", Duration.ofSeconds(60)).substring("READY ".length());
    }

    /** Starts a worker process on {@code root} and waits until its port is served; {@code slow}: it stalls at FlowFile 125. */
    public static WorkerProcess start(Path root, int sitePort, boolean slow) throws IOException {
        return new WorkerProcess(root, sitePort, slow);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Waits for an output line starting with {@code prefix} and returns it. */
    public String awaitLine(String prefix, Duration timeout) {
        String[] found = new String[1];
        await().atMost(timeout).until(() -> {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    found[0] = line;
                    return true;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The worker process ended: " + String.join("\n", lines));
            }
            return false;
        });
        return found[0];
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static void main(String[] args) throws Exception {
        String listener = "http://localhost:" + args[1];
        Map<String, String> source = new LinkedHashMap<>(Map.of("name", "nifi-source", "connector.class", "NiFiSiteToSiteSourceConnector",
                "tasks.max", "1", "topic", "nifi-events", "nifi.port.name", "from-nifi", "nifi.site.listener", listener,
                "transaction.boundary", "connector", "exactly.once.support", "required"));
        source.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        source.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (Boolean.parseBoolean(args[2])) {
            source.putAll(Map.of("transforms", "slow", "transforms.slow.type", SlowFirstTime.class.getName(), "transforms.slow.delay.ms", "600000",
                    "transforms.slow.every", "1000", "transforms.slow.at", "125"));
        }
        EmbeddedWorker worker = NiFiPlugin.startWorker(Path.of(args[0]), Map.of("exactly.once.source.support", "enabled"), List.of(source));
        Sites.awaitPorts(listener, "from-nifi");
        System.out.println("READY " + worker.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
