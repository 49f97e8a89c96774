package io.ferry.broker.zk;

import java.time.Duration;

import org.apache.zookeeper.server.DatadirCleanupManager;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * Starts ZooKeeper's own server for a parsed configuration, as {@code bin/ferry zookeeper} and a broker with
 * {@code zookeeper.embedded.*} both do: a standalone server without {@code server.N} entries, an ensemble member with
 * them; ZooKeeper's snapshot purging ({@code autopurge.*}) runs beside it and stops with it.
 */
public final class ZooKeeperServers {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private ZooKeeperServers() {
    }

    /**
     * Starts the server; a standalone one is serving when this returns, an ensemble member joins leader election.
     *
     * @throws IllegalStateException when a standalone server does not start (port taken, unusable data directory)
     */
    public static ZooKeeperNode start(QuorumPeerConfig config) throws InterruptedException {
        DatadirCleanupManager purge = new DatadirCleanupManager(config.getDataDir(), config.getDataLogDir(),
                config.getSnapRetainCount(), config.getPurgeInterval());
        purge.start();
        ZooKeeperNode node;
        try {
            node = config.isDistributed() ? EmbeddedQuorumPeer.start(config)
                    : EmbeddedZooKeeper.start(config, START_TIMEOUT);
        } catch (RuntimeException | InterruptedException e) {
            purge.shutdown();
            throw e;
        }
        return new ZooKeeperNode() {
            @Override
            public boolean awaitTermination() throws InterruptedException {
                return node.awaitTermination();
            }

            @Override
            public Throwable failure() {
                return node.failure();
            }

            @Override
            public void close() {
                node.close();
                purge.shutdown();
            }
        };
    }
}
