package io.ferry.broker.zk;

import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InconsistentClusterIdException;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cluster id in {@code /cluster/id}: created once by the first broker, read by the others. */
public final class ZkClusterId {

    private static final Logger LOG = LoggerFactory.getLogger(ZkClusterId.class);

    private ZkClusterId() {
    }

    /**
     * Returns the cluster's id, creating {@code /cluster/id} when absent with {@code local} (the id this broker
     * already has, from meta.properties or cluster.id) or else a new random one. When ZooKeeper already has an id
     * and {@code local} differs, fails with {@link InconsistentClusterIdException} naming both.
     */
    public static String ensureClusterId(CuratorFramework client, Optional<String> local) {
        try {
            for (int attempt = 0; ; attempt++) {
                Optional<String> existing = read(client);
                if (existing.isPresent()) {
                    String id = existing.get();
                    if (local.isPresent() && !local.get().equals(id)) {
                        throw new InconsistentClusterIdException("The cluster id " + id + " in ZooKeeper does not "
                                + "match the cluster id " + local.get() + " this broker stored in meta.properties: "
                                + "the broker belongs to another cluster, or zookeeper.connect points to the wrong "
                                + "ZooKeeper (or chroot)");
                    }
                    return id;
                }
                String id = local.orElseGet(() -> Uuid.randomUuid().toString());
                try {
                    client.create().creatingParentsIfNeeded().forPath(ZkPaths.CLUSTER_ID, ZkData.encodeClusterId(id));
                    LOG.info("Created cluster id {} in ZooKeeper", id);
                    return id;
                } catch (KeeperException.NodeExistsException raced) {
                    if (attempt > 3) {
                        throw raced;
                    }
                }
            }
        } catch (KafkaException e) {
            throw e;
        } catch (Exception e) {
            throw new KafkaException("Could not read or create " + ZkPaths.CLUSTER_ID + " in ZooKeeper: " + e, e);
        }
    }

    /** The cluster id, if {@code /cluster/id} exists. */
    public static Optional<String> read(CuratorFramework client) throws Exception {
        try {
            return Optional.of(ZkData.decodeClusterId(client.getData().forPath(ZkPaths.CLUSTER_ID)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }
}
