package io.ferry.broker.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;

import io.ferry.broker.util.AtomicFiles;

/**
 * {@code meta.properties} in every log directory: the cluster id and node id the directory belongs to, so a directory
 * of another broker or cluster is refused at start-up instead of being served.
 */
public final class MetaProperties {

    public static final String FILE = "meta.properties";

    private MetaProperties() {
    }

    /** The cluster id found in the log directories' meta.properties, if any. */
    public static Optional<String> stored(List<Path> logDirs) throws IOException {
        for (Path dir : logDirs) {
            Path file = dir.resolve(FILE);
            if (Files.exists(file)) {
                String id = AtomicFiles.readProperties(file).getProperty("cluster.id");
                if (id != null) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads or writes meta.properties in each directory and returns the cluster id: the configured one, else the one
     * found on disk, else a new random one.
     */
    public static String ensure(List<Path> logDirs, int nodeId, Optional<String> configuredClusterId)
            throws IOException {
        String clusterId = configuredClusterId.orElse(null);
        for (Path dir : logDirs) {
            Path file = dir.resolve(FILE);
            if (!Files.exists(file)) {
                continue;
            }
            Properties p = AtomicFiles.readProperties(file);
            String foundNode = p.getProperty("node.id");
            if (foundNode != null && Integer.parseInt(foundNode.trim()) != nodeId) {
                throw new ConfigException("Log directory " + dir + " belongs to node.id " + foundNode
                        + ", but this broker is node.id " + nodeId + "; use another log.dirs or fix node.id");
            }
            String foundCluster = p.getProperty("cluster.id");
            if (clusterId == null) {
                clusterId = foundCluster;
            } else if (foundCluster != null && !foundCluster.equals(clusterId)) {
                throw new ConfigException("Log directory " + dir + " belongs to cluster " + foundCluster
                        + ", not " + clusterId + "; use another log.dirs or fix cluster.id");
            }
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        for (Path dir : logDirs) {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            if (!Files.exists(file)) {
                AtomicFiles.writeProperties(file, Map.of("version", "1", "cluster.id", clusterId,
                        "node.id", Integer.toString(nodeId)));
            }
        }
        return clusterId;
    }
}
