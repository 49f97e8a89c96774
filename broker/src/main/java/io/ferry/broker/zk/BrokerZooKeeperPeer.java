package io.ferry.broker.zk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

import io.ferry.broker.config.BrokerConfig;

/**
 * The ZooKeeper server a broker runs in its own process when its config has {@code zookeeper.embedded.*} keys:
 * ZooKeeper's own names after the prefix ({@code zookeeper.embedded.dataDir}, {@code .clientPort},
 * {@code .server.N}, {@code .tickTime}...). The ensemble member id is the broker id: {@code dataDir/myid} is written
 * from it on first start and must match it afterwards. Three such brokers are a whole cluster; the broker's own
 * {@code zookeeper.connect} names the ensemble's client ports as with an external ensemble.
 */
public final class BrokerZooKeeperPeer {

    private BrokerZooKeeperPeer() {
    }

    /** Starts the broker's ZooKeeper server, or nothing when the config has no {@code zookeeper.embedded.*} key. */
    public static Optional<ZooKeeperNode> start(BrokerConfig config) throws InterruptedException {
        Properties props = config.embeddedZooKeeper();
        if (props.isEmpty()) {
            return Optional.empty();
        }
        if (config.zookeeperConnect().isEmpty()) {
            throw new ConfigException(BrokerConfig.ZOOKEEPER_CONNECT, null, "a broker running a ZooKeeper server ("
                    + BrokerConfig.ZOOKEEPER_EMBEDDED_PREFIX + "*) joins the cluster through it: set zookeeper.connect "
                    + "to the client ports of the ensemble, e.g. localhost:2181,localhost:2182,localhost:2183");
        }
        QuorumPeerConfig parsed = parse(props, config.nodeId());
        try {
            return Optional.of(ZooKeeperServers.start(parsed));
        } catch (IllegalStateException e) {
            throw new ConfigException("The broker's ZooKeeper server (" + BrokerConfig.ZOOKEEPER_EMBEDDED_PREFIX
                    + "*) could not start: " + e.getMessage());
        }
    }

    /** Checks the keys, writes or checks {@code myid} for an ensemble member, and parses with ZooKeeper's parser. */
    public static QuorumPeerConfig parse(Properties props, int brokerId) {
        String prefix = BrokerConfig.ZOOKEEPER_EMBEDDED_PREFIX;
        String dataDir = props.getProperty("dataDir");
        if (dataDir == null || dataDir.isBlank()) {
            throw new ConfigException(prefix + "dataDir", null,
                    "the broker's ZooKeeper server needs a data directory (snapshots, transaction log, myid)");
        }
        boolean ensemble = props.stringPropertyNames().stream().anyMatch(k -> k.startsWith("server."));
        if (ensemble) {
            if (props.getProperty("server." + brokerId) == null) {
                throw new ConfigException(prefix + "server." + brokerId, null, "this broker (id " + brokerId
                        + ") must be a member of the ensemble it runs: its server.N entry uses the broker id as N");
            }
            ensureMyId(Path.of(dataDir).toAbsolutePath().normalize(), brokerId);
        }
        Properties effective = new Properties();
        effective.putAll(props);
        // ZooKeeper's AdminServer (Jetty on 8080) is off unless asked for: three brokers on one host would clash.
        effective.putIfAbsent("admin.enableServer", "false");
        return ZooKeeperProperties.parse(effective, "(" + prefix + "* of the broker config)");
    }

    private static void ensureMyId(Path dataDir, int brokerId) {
        Path myid = dataDir.resolve("myid");
        try {
            if (Files.exists(myid)) {
                String stored = Files.readString(myid, StandardCharsets.US_ASCII).trim();
                if (!stored.equals(Integer.toString(brokerId))) {
                    throw new ConfigException(myid + " says this ZooKeeper member is " + stored + " but the broker id is "
                            + brokerId + "; each broker needs its own " + BrokerConfig.ZOOKEEPER_EMBEDDED_PREFIX
                            + "dataDir");
                }
                return;
            }
            Files.createDirectories(dataDir);
            Files.writeString(myid, Integer.toString(brokerId), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException("Could not write " + myid + " for the broker's ZooKeeper server: " + e);
        }
    }
}
