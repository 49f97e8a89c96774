package io.ferry.broker.zk;

import java.util.concurrent.CountDownLatch;

import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a ZooKeeper ensemble ({@code server.N} entries, this node's id in {@code dataDir/myid}): ZooKeeper's own
 * {@link QuorumPeerMain#runFromConfig} on a thread of its own, stoppable with {@link #close()}.
 */
public final class EmbeddedQuorumPeer extends QuorumPeerMain implements ZooKeeperNode {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQuorumPeer.class);

    private final QuorumPeerConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable failure;
    private Thread thread;

    private EmbeddedQuorumPeer(QuorumPeerConfig config) {
        this.config = config;
    }

    /** Starts the peer; it then joins leader election with the other members. */
    public static EmbeddedQuorumPeer start(QuorumPeerConfig config) {
        EmbeddedQuorumPeer peer = new EmbeddedQuorumPeer(config);
        peer.thread = new Thread(peer::run, "zookeeper-quorum-peer");
        peer.thread.start();
        LOG.info("ZooKeeper ensemble member {} of {} starting, data in {}", config.getServerId(),
                config.getServers().size(), config.getDataDir());
        return peer;
    }

    private void run() {
        try {
            runFromConfig(config);
        } catch (Throwable t) {
            failure = t;
            LOG.error("ZooKeeper ensemble member failed: {}", t.toString());
        } finally {
            stopped.countDown();
        }
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
        super.close();
        try {
            if (thread != null && thread != Thread.currentThread()) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("ZooKeeper ensemble member {} stopped", config.getServerId());
    }
}
