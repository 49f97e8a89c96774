package io.ferry.broker.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;

/** A Ferry broker in its own JVM, started like {@code bin/ferry broker}, that a test can kill with SIGKILL. */
public final class BrokerProcess implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private Process process;

    public BrokerProcess(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public BrokerProcess start() throws IOException {
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:" + port + "\nlog.dirs="
                + dataDir.resolve("logs") + "\n");
        process = JavaProcess.start(dataDir.resolve("broker-" + System.nanoTime() + ".out"),
                "io.ferry.broker.cli.BrokerCommand", config.toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("broker exited with " + process.exitValue());
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
