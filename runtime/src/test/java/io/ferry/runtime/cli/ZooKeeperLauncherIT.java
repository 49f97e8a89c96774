package io.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ferry zookeeper config/zookeeper.properties} as a real child process, in a temporary folder: Curator
 * uses it, and SIGTERM stops it cleanly. Runs after the package phase (failsafe), as bin/ferry needs the built jar.
 */
class ZooKeeperLauncherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private Process process;

    @AfterEach
    void killLeftover() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path repo() {
        Path module = Paths.get("").toAbsolutePath();
        return Files.exists(module.resolve("bin/ferry")) ? module : module.getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesCuratorWithARelativeDataDirAndStopsOnSigterm() throws Exception {
        int port = freePort();
        Path log = work.resolve("zookeeper.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(repo().resolve("bin/ferry").toString(), "zookeeper",
                repo().resolve("config/zookeeper.properties").toString(),
                "--override", "clientPort=" + port, "--override", "dataDir=zk-data"))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // The class-data archive is bin/ferry's business, tested elsewhere; its training run would only slow this.
        builder.environment().put("FERRY_CDS", "off");
        process = builder.start();

        try (CuratorFramework client = CuratorFrameworkFactory.newClient("127.0.0.1:" + port,
                new ExponentialBackoffRetry(100, 10))) {
            client.start();
            assertThat(client.blockUntilConnected((int) TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("connected; log: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            client.create().creatingParentsIfNeeded().forPath("/brokers/ids", "x".getBytes(StandardCharsets.UTF_8));
            assertThat(client.getData().forPath("/brokers/ids")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(work.resolve("zk-data/version-2")).as("dataDir resolved against the working directory").isDirectory();

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(log))
                .contains("Shutting down ZooKeeper on signal").contains("ZooKeeper standalone server stopped"));
        try (ServerSocket s = new ServerSocket(port)) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}
