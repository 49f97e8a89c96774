package io.ferry.broker.zk;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.ferry.broker.cluster.PartitionState;

/**
 * The writes behind topic mutations, on the caller's thread: each is one ZooKeeper operation or transaction, checked
 * against the version it read where a concurrent writer could interfere. ZooKeeper failures become Kafka
 * {@link ApiException}s.
 */
final class ZkTopicStore {

    private final CuratorFramework client;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    ZkTopicStore(CuratorFramework client) {
        this.client = client;
    }

    /** Creates the topic znode and its config znode in one transaction. */
    void create(String name, ZkData.TopicAssignment assignment, Map<String, String> configs) {
        run("create topic " + name, () -> {
            ensure(ZkPaths.TOPICS);
            ensure(ZkPaths.TOPIC_CONFIGS);
            for (int attempt = 0; ; attempt++) {
                Stat config = client.checkExists().forPath(ZkPaths.topicConfig(name));
                CuratorOp topicOp = client.transactionOp().create().forPath(ZkPaths.topic(name), assignment.encode());
                CuratorOp configOp = config == null
                        ? client.transactionOp().create().forPath(ZkPaths.topicConfig(name),
                                ZkData.encodeConfig(configs))
                        : client.transactionOp().setData().withVersion(config.getVersion())
                                .forPath(ZkPaths.topicConfig(name), ZkData.encodeConfig(configs));
                try {
                    client.transaction().forOperations(topicOp, configOp);
                    return null;
                } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                    if (client.checkExists().forPath(ZkPaths.topic(name)) != null) {
                        throw new TopicExistsException("Topic '" + name + "' already exists.");
                    }
                    if (attempt >= 5) {
                        throw e;
                    }
                }
            }
        });
    }

    /** Replaces the topic's assignment with {@code update} of the current one, retrying on concurrent changes. */
    ZkData.TopicAssignment updateAssignment(String name, UnaryOperator<ZkData.TopicAssignment> update) {
        return run("update the assignment of topic " + name, () -> {
            while (true) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(ZkPaths.topic(name));
                } catch (KeeperException.NoNodeException e) {
                    throw unknownTopic(name);
                }
                ZkData.TopicAssignment updated = update.apply(ZkData.TopicAssignment.decode(data));
                if (updated == null) {
                    return null;
                }
                try {
                    client.setData().withVersion(stat.getVersion()).forPath(ZkPaths.topic(name), updated.encode());
                    return updated;
                } catch (KeeperException.BadVersionException e) {
                    // Changed meanwhile: read it again and apply the update to the new assignment.
                }
            }
        });
    }

    /** Sets the topic's config overrides. */
    void setConfig(String name, Map<String, String> configs) {
        run("set the configs of topic " + name, () -> {
            ensure(ZkPaths.TOPIC_CONFIGS);
            try {
                client.setData().forPath(ZkPaths.topicConfig(name), ZkData.encodeConfig(configs));
            } catch (KeeperException.NoNodeException e) {
                client.create().forPath(ZkPaths.topicConfig(name), ZkData.encodeConfig(configs));
            }
            return null;
        });
    }

    /** Creates the marker {@code /admin/delete_topics/<t>} for the controller (nothing if already there). */
    void markForDeletion(String name) {
        run("mark topic " + name + " for deletion", () -> {
            ensure(ZkPaths.DELETE_TOPICS);
            try {
                client.create().forPath(ZkPaths.deleteTopic(name));
            } catch (KeeperException.NodeExistsException e) {
                // Already marked.
            }
            return null;
        });
    }

    /** Writes a leader's ISR change if the state znode is still at {@code proposed.partitionEpoch()}. */
    PartitionState alterIsr(String topic, PartitionState proposed) {
        String path = ZkPaths.partitionState(topic, proposed.partition());
        String what = topic + "-" + proposed.partition();
        return run("change the ISR of " + what, () -> {
            Stat stat = new Stat();
            ZkData.LeaderAndIsr current;
            try {
                current = ZkData.LeaderAndIsr.decode(client.getData().storingStatIn(stat).forPath(path));
            } catch (KeeperException.NoNodeException e) {
                throw new UnknownTopicOrPartitionException("Partition " + what + " has no state in ZooKeeper.");
            }
            if (stat.getVersion() != proposed.partitionEpoch()) {
                throw staleVersion(what, proposed.partitionEpoch(), stat.getVersion());
            }
            if (current.leader() != proposed.leader() || current.leaderEpoch() != proposed.leaderEpoch()) {
                throw new FencedLeaderEpochException("Partition " + what + " is led by " + current.leader()
                        + " in epoch " + current.leaderEpoch() + ", not by " + proposed.leader() + " in epoch "
                        + proposed.leaderEpoch() + ".");
            }
            byte[] topicData = client.getData().forPath(ZkPaths.topic(topic));
            List<Integer> replicas = ZkData.TopicAssignment.decode(topicData).partitions()
                    .getOrDefault(proposed.partition(), List.of());
            if (!replicas.containsAll(proposed.isr())) {
                throw new org.apache.kafka.common.errors.IneligibleReplicaException("The ISR " + proposed.isr()
                        + " of " + what + " is not within its replicas " + replicas + ".");
            }
            ZkData.LeaderAndIsr next = new ZkData.LeaderAndIsr(proposed.leader(), proposed.leaderEpoch(),
                    proposed.isr(), current.controllerEpoch());
            try {
                Stat written = client.setData().withVersion(proposed.partitionEpoch()).forPath(path, next.encode());
                return new PartitionState(proposed.partition(), proposed.leader(), proposed.leaderEpoch(),
                        proposed.replicas(), List.copyOf(proposed.isr()), written.getVersion());
            } catch (KeeperException.BadVersionException e) {
                throw staleVersion(what, proposed.partitionEpoch(), -1);
            }
        });
    }

    private static InvalidUpdateVersionException staleVersion(String what, int expected, int actual) {
        return new InvalidUpdateVersionException("The state of partition " + what + " is no longer at partition "
                + "epoch " + expected + (actual >= 0 ? " (now " + actual + ")" : "") + "; read it again.");
    }

    static UnknownTopicOrPartitionException unknownTopic(String name) {
        return new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
    }

    /** Creates a persistent parent once (nothing when it exists). */
    private void ensure(String path) throws Exception {
        if (ensured.contains(path)) {
            return;
        }
        if (client.checkExists().forPath(path) == null) {
            try {
                client.create().creatingParentsIfNeeded().forPath(path);
            } catch (KeeperException.NodeExistsException e) {
                // Created concurrently.
            }
        }
        ensured.add(path);
    }

    private interface ZkCall<T> {
        T call() throws Exception;
    }

    private static <T> T run(String action, ZkCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw e;
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                 | KeeperException.OperationTimeoutException e) {
            throw new TimeoutException("Could not " + action + ": ZooKeeper is not reachable (" + e.code() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("Interrupted while trying to " + action);
        } catch (Exception e) {
            throw new UnknownServerException("Could not " + action + " in ZooKeeper: " + e, e);
        }
    }
}
