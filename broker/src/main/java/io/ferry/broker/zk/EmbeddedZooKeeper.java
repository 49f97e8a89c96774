package io.ferry.broker.zk;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper server: ZooKeeper's own {@link ZooKeeperServerMain#runFromConfig} on a thread of its own,
 * stoppable with {@link #close()} (which reaches the protected {@code shutdown()}) and never calling
 * {@code System.exit}. Usable from tests with {@code clientPort=0}: {@link #clientPort()} tells the bound port.
 */
public final class EmbeddedZooKeeper extends ZooKeeperServerMain implements ZooKeeperNode {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    private final ServerConfig config;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable failure;
    private Thread thread;

    private EmbeddedZooKeeper(ServerConfig config) {
        this.config = config;
    }

    /** Starts a standalone server and waits (at most {@code timeout}) until it accepts clients. */
    public static EmbeddedZooKeeper start(QuorumPeerConfig peerConfig, Duration timeout) throws InterruptedException {
        ServerConfig config = new ServerConfig();
        config.readFrom(peerConfig);
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(config);
        zk.thread = new Thread(zk::run, "zookeeper-server");
        zk.thread.start();
        if (!zk.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IllegalStateException("ZooKeeper did not start within " + timeout);
        }
        if (zk.failure != null) {
            throw new IllegalStateException("ZooKeeper could not start: " + zk.failure.getMessage(), zk.failure);
        }
        return zk;
    }

    private void run() {
        try {
            runFromConfig(config);
        } catch (Throwable t) {
            failure = t;
            LOG.error("ZooKeeper server failed: {}", t.toString());
        } finally {
            started.countDown();
            stopped.countDown();
        }
    }

    @Override
    protected void serverStarted() {
        LOG.info("ZooKeeper standalone server accepting clients on port {}, data in {}", getClientPort(),
                config.getDataDir());
        started.countDown();
    }

    /** The port clients connect to (the bound one when {@code clientPort=0}). */
    public int clientPort() {
        return getClientPort();
    }

    /** The TLS port ({@code secureClientPort}, the bound one when 0), or -1 without one. */
    public int secureClientPort() {
        return getSecureClientPort();
    }

    /** {@code localhost:port}, for Curator or {@code zookeeper.connect}. */
    public String connectString() {
        return "localhost:" + clientPort();
    }

    @Override
    public boolean awaitTermination() throws InterruptedException {
        stopped.await();
        return closing;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        closing = true;
        shutdown();
        try {
            if (thread != null && thread != Thread.currentThread()) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("ZooKeeper standalone server stopped");
    }
}
