package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real standalone ZooKeeper from a properties file, used through Curator, then stopped without System.exit. */
class EmbeddedZooKeeperTest {

    @TempDir
    Path dir;

    @Test
    void servesCuratorAndReleasesItsPortWhenClosed() throws Exception {
        Path file = dir.resolve("zookeeper.properties");
        Files.writeString(file, String.join("\n", "clientPort=0", "dataDir=" + dir.resolve("data"), "tickTime=2000",
                "maxClientCnxns=0", "admin.enableServer=false", ""));
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(ZooKeeperProperties.load(file, List.of()), Duration.ofMinutes(1));
        int port = zk.clientPort();
        assertThat(port).isPositive();
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100))) {
            client.start();
            assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
            client.create().creatingParentsIfNeeded().forPath("/ferry/test", "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(client.getData().forPath("/ferry/test"), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(Files.isDirectory(dir.resolve("data/version-2"))).isTrue();

        zk.close();

        assertThat(zk.awaitTermination()).as("stopped because it was asked to").isTrue();
        assertThat(zk.failure()).isNull();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }
}
