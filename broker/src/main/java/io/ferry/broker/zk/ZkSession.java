package io.ferry.broker.zk;

import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.config.BrokerConfig;

/**
 * This broker's ZooKeeper session: a started {@link CuratorFramework} for {@code zookeeper.connect}. A chroot suffix
 * ({@code host:2181,host2:2181/ferry}) becomes Curator's namespace, so every path of {@link ZkPaths} lives under it.
 * {@link #start()} waits for the first connection and fails with a message naming {@code zookeeper.connect} when it
 * does not come within {@code zookeeper.connection.timeout.ms}.
 */
public final class ZkSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkSession.class);

    private final String connect;
    private final int connectionTimeoutMs;
    private final ZkClientSecurity security;
    private final CuratorFramework client;

    public ZkSession(String connect, int sessionTimeoutMs, int connectionTimeoutMs) {
        this(connect, sessionTimeoutMs, connectionTimeoutMs, ZkClientSecurity.none());
    }

    /** A session whose client uses {@code security}'s TLS settings and gives new znodes its ACLs. */
    public ZkSession(String connect, int sessionTimeoutMs, int connectionTimeoutMs, ZkClientSecurity security) {
        this.connect = connect;
        this.connectionTimeoutMs = connectionTimeoutMs;
        this.security = security;
        int slash = connect.indexOf('/');
        String hosts = slash < 0 ? connect : connect.substring(0, slash);
        String namespace = slash < 0 ? null : namespace(connect.substring(slash));
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(hosts)
                .namespace(namespace)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 2000, 10))
                .aclProvider(security.aclProvider(namespace));
        if (security.clientConfig() != null) {
            builder.zkClientConfig(security.clientConfig());
        }
        this.client = builder.build();
        client.getConnectionStateListenable().addListener(this::logState);
    }

    /** A session for the broker's {@code zookeeper.connect}, its timeouts and its ZooKeeper security keys. */
    public static ZkSession of(BrokerConfig config) {
        String connect = config.zookeeperConnect().orElseThrow(() -> new IllegalArgumentException(
                "zookeeper.connect is not set; a replicated cluster needs it"));
        return new ZkSession(connect, config.zookeeperSessionTimeoutMs(), config.zookeeperConnectionTimeoutMs(),
                ZkClientSecurity.of(config));
    }

    /** Curator's namespace for a chroot ({@code /a/b/} → {@code a/b}), or null for none. */
    static String namespace(String chroot) {
        String ns = chroot.replaceAll("^/+", "").replaceAll("/+$", "");
        return ns.isEmpty() ? null : ns;
    }

    /** Starts the client and waits for the first connection. */
    public ZkSession start() {
        return start(null);
    }

    /**
     * Starts the client and waits for the first connection; with {@code giveUp} (a broker whose own process runs an
     * ensemble member) it waits as long as it takes the other members to start, until {@code giveUp} says stop.
     */
    public ZkSession start(java.util.function.BooleanSupplier giveUp) {
        client.start();
        boolean connected = false;
        try {
            connected = client.blockUntilConnected(connectionTimeoutMs, TimeUnit.MILLISECONDS);
            while (!connected && giveUp != null && !giveUp.getAsBoolean()) {
                LOG.info("Waiting for a ZooKeeper quorum at {}: start the other members of the ensemble", connect);
                connected = client.blockUntilConnected(connectionTimeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!connected) {
            client.close();
            throw new KafkaException("Could not connect to ZooKeeper at zookeeper.connect=" + connect + " within "
                    + "zookeeper.connection.timeout.ms=" + connectionTimeoutMs + "; " + security.connectionHint());
        }
        LOG.info("Connected to ZooKeeper at {} (session 0x{}; {})", connect, Long.toHexString(sessionId()),
                security.describe());
        return this;
    }

    /**
     * Whether the session is connected now. Stopping uses it to skip ZooKeeper work that would only wait out
     * Curator's retries (the last broker of an ensemble whose other members stopped has no quorum left).
     */
    public boolean isConnected() {
        return client.getZookeeperClient().isConnected();
    }

    public CuratorFramework client() {
        return client;
    }

    /** {@code zookeeper.connect} as configured (for messages). */
    public String connectString() {
        return connect;
    }

    /** Told of SUSPENDED, LOST, RECONNECTED... on Curator's connection-state thread. */
    public void addConnectionStateListener(ConnectionStateListener listener) {
        client.getConnectionStateListenable().addListener(listener);
    }

    public void removeConnectionStateListener(ConnectionStateListener listener) {
        client.getConnectionStateListenable().removeListener(listener);
    }

    /** The current ZooKeeper session id (0 while there is none). */
    public long sessionId() {
        return sessionId(client);
    }

    /** The current session id of {@code client} (0 while there is none). */
    public static long sessionId(CuratorFramework client) {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    private void logState(CuratorFramework c, ConnectionState state) {
        LOG.info("ZooKeeper connection to {} is {} (session 0x{})", connect, state, Long.toHexString(sessionId()));
    }

    @Override
    public void close() {
        client.close();
        LOG.info("Closed ZooKeeper session to {}", connect);
    }
}
