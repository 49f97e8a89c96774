package io.ferry.broker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.common.config.ConfigException;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.zk.ZooKeeperNode;
import io.ferry.broker.zk.ZooKeeperProperties;
import io.ferry.broker.zk.ZooKeeperServers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry zookeeper zookeeper.properties [--override key=value]...}: runs Apache ZooKeeper's own server in the
 * foreground, like Kafka's zookeeper-server-start.sh: standalone without {@code server.N} entries, an ensemble member
 * (id in {@code dataDir/myid}) with them. SIGTERM stops it cleanly.
 */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
        description = "Start an Apache ZooKeeper server for a replicated cluster, like zookeeper-server-start.sh.")
public final class ZooKeeperCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperCommand.class);

    @Parameters(index = "0", paramLabel = "ZOOKEEPER_PROPERTIES", description = "ZooKeeper configuration file")
    Path configFile;

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "override a property of the file")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        QuorumPeerConfig config;
        try {
            config = ZooKeeperProperties.load(configFile, overrides);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ZooKeeperNode node;
        try {
            node = ZooKeeperServers.start(config);
        } catch (IllegalStateException e) {
            System.err.println("Could not start ZooKeeper: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down ZooKeeper on signal");
            node.close();
        }, "ferry-shutdown"));
        if (node.awaitTermination()) {
            return 0;
        }
        Throwable failure = node.failure();
        System.err.println("ZooKeeper stopped" + (failure == null ? "" : ": " + failure));
        node.close();
        return 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZooKeeperCommand()).execute(args));
    }
}
