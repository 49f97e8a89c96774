package io.ferry.broker.replica;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import io.ferry.broker.it.JavaProcess;

/**
 * One clustered Ferry broker in its own JVM ({@code BrokerCommand server.properties}) with a fixed node id, port and
 * data directory, so that it restarts as the same broker. A test kills it with SIGKILL or pauses it with SIGSTOP.
 * Each start writes its stdout to a new {@code broker-<id>-<n>.out} in the broker's directory.
 */
public final class ClusterBrokerProcess implements AutoCloseable {

    private final int id;
    private final int port;
    private final Path dir;
    private final Map<String, String> properties = new TreeMap<>();
    private Process process;
    private int starts;

    public ClusterBrokerProcess(int id, int port, Path dir, String zookeeperConnect, Map<String, String> extra) {
        this.id = id;
        this.port = port;
        this.dir = dir;
        properties.put("node.id", Integer.toString(id));
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("log.dirs", dir.resolve("logs").toString());
        properties.put("zookeeper.connect", zookeeperConnect);
        properties.put("zookeeper.session.timeout.ms", "6000");
        properties.put("replica.lag.time.max.ms", "5000");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("offsets.topic.num.partitions", "3");
        properties.put("transaction.state.log.num.partitions", "3");
        properties.putAll(extra);
    }

    /** Starts the JVM and waits until it accepts connections on its port. */
    public ClusterBrokerProcess start() throws IOException {
        return launch().awaitListening();
    }

    /** Starts the JVM without waiting for it (to start several brokers at once). */
    public ClusterBrokerProcess launch() throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        starts++;
        Process p = JavaProcess.start(dir.resolve("broker-" + id + "-" + starts + ".out"),
                "io.ferry.broker.cli.BrokerCommand", config.toString());
        process = p;
        return this;
    }

    /** Waits (30 s at most) until the started JVM accepts connections on its port; fails if it exited. */
    public ClusterBrokerProcess awaitListening() {
        Process p = process;
        Awaitility.await("broker " + id + " listening").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("broker " + id + " exited with " + p.exitValue()
                                + ", see " + dir);
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

    /** SIGKILL: no shutdown hook, no deregistration; the ZooKeeper session ends after its timeout. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGSTOP: the JVM freezes, its sockets stay open, its ZooKeeper session expires after the timeout. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT. */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int id() {
        return id;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        signal("CONT"); // a paused JVM cannot run its shutdown hook
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
