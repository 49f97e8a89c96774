package io.ferry.broker.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.zookeeper.server.auth.ProviderRegistry;

import io.ferry.broker.zk.EmbeddedZooKeeper;
import io.ferry.broker.zk.ZooKeeperProperties;

/**
 * A real ZooKeeper server (Ferry's {@link EmbeddedZooKeeper}, ZooKeeper's own server) listening with TLS on a
 * {@code secureClientPort} (Netty, the test's certificates, client certificates required and authenticated by
 * ZooKeeper's x509 provider as their subject), and optionally on a plain {@code clientPort} too. ZooKeeper's server
 * reads its TLS settings from system properties only, so they are set for the server's lifetime and restored on close.
 */
final class TlsZooKeeper implements AutoCloseable {

    private final Properties savedSystemProperties;
    private final EmbeddedZooKeeper server;

    private TlsZooKeeper(Properties saved, EmbeddedZooKeeper server) {
        this.savedSystemProperties = saved;
        this.server = server;
    }

    /** Starts the server; with {@code plainPort} it also accepts unencrypted, unauthenticated clients. */
    static TlsZooKeeper start(Path dataDir, boolean plainPort) throws Exception {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            Properties props = new Properties();
            props.setProperty("dataDir", dataDir.toString());
            props.setProperty("secureClientPort", "0");
            if (plainPort) {
                props.setProperty("clientPort", "0");
            }
            props.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
            props.setProperty("admin.enableServer", "false");
            props.putAll(TestCertificates.get().zookeeperServer());
            // ZooKeeper's parser makes system properties of these keys and names the x509 provider.
            var config = ZooKeeperProperties.parse(props, "(test)");
            // The provider registry is JVM-wide and may have been set up by an earlier server without TLS.
            ProviderRegistry.addOrUpdateProvider("zookeeper.authProvider.x509");
            return new TlsZooKeeper(saved, EmbeddedZooKeeper.start(config, Duration.ofSeconds(60)));
        } catch (Exception | Error e) {
            System.setProperties(saved);
            throw e;
        }
    }

    /** {@code localhost:<secureClientPort>}: the TLS port. */
    String secureConnect() {
        return "localhost:" + server.secureClientPort();
    }

    /** {@code localhost:<clientPort>}: the plain port. */
    String plainConnect() {
        return "localhost:" + server.clientPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            System.setProperties(savedSystemProperties);
        }
    }
}
