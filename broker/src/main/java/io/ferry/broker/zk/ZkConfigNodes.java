package io.ferry.broker.zk;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Kafka's ZooKeeper-era config znodes ({@code {"version":1,"config":{...}}} under /config/...), changed by
 * compare-and-set: the change is applied to what the znode holds and written only if nobody wrote in between,
 * else read and applied again, so brokers changing the same entity at once lose neither change.
 */
final class ZkConfigNodes {

    private ZkConfigNodes() {
    }

    static void update(CuratorFramework client, String path, UnaryOperator<Map<String, String>> change)
            throws Exception {
        while (true) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                data = null;
            }
            Map<String, String> next = new TreeMap<>(change.apply(data == null ? new TreeMap<>()
                    : new TreeMap<>(ZkData.decodeConfig(data))));
            try {
                if (data == null) {
                    client.create().creatingParentsIfNeeded().forPath(path, ZkData.encodeConfig(next));
                } else {
                    client.setData().withVersion(stat.getVersion()).forPath(path, ZkData.encodeConfig(next));
                }
                return;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException raced) {
                // changed by another broker meanwhile: read again and apply on top
            }
        }
    }
}
