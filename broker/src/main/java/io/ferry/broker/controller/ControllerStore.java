package io.ferry.broker.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;

/** The controller's reads of ZooKeeper, always authoritative (straight from the server, with versions). */
final class ControllerStore {

    private final CuratorFramework client;

    private final String probeListener;

    ControllerStore(CuratorFramework client, String probeListener) {
        this.client = client;
        this.probeListener = probeListener;
    }

    CuratorFramework client() {
        return client;
    }

    /** Live brokers: id to broker epoch (the czxid of the registration znode). */
    /** The advertised endpoint of the probe listener (else the first) of each broker in {@code ids} registered. */
    Map<Integer, java.net.InetSocketAddress> listeners(java.util.Set<Integer> ids) throws Exception {
        Map<Integer, java.net.InetSocketAddress> out = new TreeMap<>();
        for (int id : ids) {
            try {
                byte[] data = client.getData().forPath(ZkPaths.broker(id));
                var e = io.ferry.broker.zk.ZkData.BrokerRegistration.decode(id, data).endpoint(probeListener);
                if (e != null) {
                    out.put(id, java.net.InetSocketAddress.createUnresolved(e.host(), e.port()));
                }
            } catch (KeeperException.NoNodeException | IllegalArgumentException e) {
                // gone meanwhile, or unreadable: not probed
            }
        }
        return out;
    }

    /** Brokers asking for a controlled shutdown. */
    java.util.Set<Integer> controlledShutdownRequests() throws Exception {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (String child : children(ZkPaths.CONTROLLED_SHUTDOWN)) {
            try {
                out.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                // not a broker id
            }
        }
        return out;
    }

    Map<Integer, Long> liveBrokers() throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        for (String child : children(ZkPaths.BROKER_IDS)) {
            int id;
            try {
                id = Integer.parseInt(child);
            } catch (NumberFormatException e) {
                continue;
            }
            Stat stat = client.checkExists().forPath(ZkPaths.broker(id));
            if (stat != null) {
                out.put(id, stat.getCzxid());
            }
        }
        return out;
    }

    List<String> topics() throws Exception {
        return children(ZkPaths.TOPICS);
    }

    List<String> topicsToDelete() throws Exception {
        return children(ZkPaths.DELETE_TOPICS);
    }

    Optional<ZkData.TopicAssignment> assignment(String topic) throws Exception {
        byte[] data = data(ZkPaths.topic(topic), null);
        return data == null || data.length == 0 ? Optional.empty() : Optional.of(ZkData.TopicAssignment.decode(data));
    }

    /** A topic znode with its version, for a conditional write; empty when the topic does not exist. */
    Optional<VersionedAssignment> assignmentWithVersion(String topic) throws Exception {
        Stat stat = new Stat();
        byte[] data = data(ZkPaths.topic(topic), stat);
        return data == null || data.length == 0 ? Optional.empty()
                : Optional.of(new VersionedAssignment(ZkData.TopicAssignment.decode(data), stat.getVersion()));
    }

    /** A topic assignment as read, with the version of its znode. */
    record VersionedAssignment(ZkData.TopicAssignment assignment, int version) {
    }

    Map<String, String> topicConfig(String topic) throws Exception {
        byte[] data = data(ZkPaths.topicConfig(topic), null);
        return data == null || data.length == 0 ? Map.of() : ZkData.decodeConfig(data);
    }

    /** The state of a partition with its znode version, or empty when the znode does not exist. */
    Optional<Versioned> state(TopicPartition tp) throws Exception {
        Stat stat = new Stat();
        byte[] data = data(ZkPaths.partitionState(tp.topic(), tp.partition()), stat);
        return data == null ? Optional.empty()
                : Optional.of(new Versioned(ZkData.LeaderAndIsr.decode(data), stat.getVersion()));
    }

    boolean exists(String path) throws Exception {
        return client.checkExists().forPath(path) != null;
    }

    /** Every path under {@code root} (inclusive), children before their parent; empty if {@code root} is absent. */
    List<String> subtreeChildrenFirst(String root) throws Exception {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private void collect(String path, List<String> out) throws Exception {
        List<String> kids;
        try {
            kids = client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        for (String kid : kids) {
            collect(path + "/" + kid, out);
        }
        out.add(path);
    }

    List<String> children(String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private byte[] data(String path, Stat stat) throws Exception {
        try {
            return stat == null ? client.getData().forPath(path) : client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }
}
