package io.ferry.broker.replica;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.it.Clients;
import io.ferry.broker.cluster.PartitionState;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.partition.Partition;

/**
 * Several real brokers in this JVM on one real ZooKeeper (curator-test's TestingServer), each on its own loopback
 * port and data directory, in the style of Kafka's own integration harness. A stopped broker restarts on its port and
 * data.
 */
public final class TestCluster implements AutoCloseable {

    /** The cluster's own ZooKeeper, or null when the test runs one (see {@link #start(Path, int, Map, String)}). */
    private final TestingServer zookeeper;
    private final String zookeeperConnect;
    private final Path root;
    private final Map<String, String> overrides;
    private final Map<Integer, BrokerServer> brokers = new TreeMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();

    private TestCluster(TestingServer zookeeper, String zookeeperConnect, Path root, Map<String, String> overrides) {
        this.zookeeper = zookeeper;
        this.zookeeperConnect = zookeeperConnect;
        this.root = root;
        this.overrides = overrides;
    }

    /** Starts ZooKeeper and brokers 1..{@code count}. */
    public static TestCluster start(Path root, int count, Map<String, String> overrides) throws Exception {
        TestingServer zookeeper = new TestingServer(true);
        return start(new TestCluster(zookeeper, zookeeper.getConnectString(), root, overrides), count);
    }

    /** Starts brokers 1..{@code count} on a ZooKeeper the test runs (and stops) itself. */
    public static TestCluster start(Path root, int count, Map<String, String> overrides, String zookeeperConnect)
            throws Exception {
        return start(new TestCluster(null, zookeeperConnect, root, overrides), count);
    }

    private static TestCluster start(TestCluster c, int count) throws Exception {
        try {
            for (int id = 1; id <= count; id++) {
                c.startBroker(id);
            }
            // Every broker sees every other one before a test creates topics with explicit assignments.
            org.awaitility.Awaitility.await().atMost(timeout()).until(() -> c.brokers.values().stream()
                    .allMatch(b -> b.metadata().brokers().size() == count));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    public void startBroker(int id) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("node.id", Integer.toString(id));
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.getOrDefault(id, 0));
        props.put("log.dirs", root.resolve("broker-" + id).toString());
        props.put("zookeeper.connect", zookeeperConnect);
        props.put("zookeeper.session.timeout.ms", "6000");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.num.partitions", "3");
        props.putAll(overrides);
        BrokerServer server = new BrokerServer(new BrokerConfig(props));
        server.start();
        brokers.put(id, server);
        ports.put(id, server.port());
    }

    /** Stops a broker cleanly (it deregisters first, so the controller moves its leaderships at once). */
    public void stopBroker(int id) {
        BrokerServer b = brokers.remove(id);
        if (b != null) {
            b.close();
        }
    }

    public BrokerServer broker(int id) {
        return brokers.get(id);
    }

    public List<Integer> running() {
        return List.copyOf(brokers.keySet());
    }

    /** Stops the ZooKeeper server, keeping its data (an outage). */
    public void stopZooKeeper() throws Exception {
        zookeeper.stop();
    }

    /** Starts the ZooKeeper server again on its port and data. */
    public void restartZooKeeper() throws Exception {
        zookeeper.restart();
    }

    public String zookeeperConnect() {
        return zookeeperConnect;
    }

    public String bootstrap() {
        return ports.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The partition's state as a running broker's metadata shows it. */
    public PartitionState state(TopicPartition tp) {
        BrokerServer any = brokers.values().iterator().next();
        return any.metadata().topic(tp.topic()).orElseThrow().partitions().get(tp.partition());
    }

    /** The local replica of {@code tp} on broker {@code id}, if it hosts one. */
    public Partition replica(int id, TopicPartition tp) {
        return brokers.get(id).partitions().partition(tp).orElse(null);
    }

    public Admin admin() {
        return Clients.admin(bootstrap());
    }

    public KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return Clients.producer(bootstrap(), extra);
    }

    public KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        return Clients.consumer(bootstrap(), extra);
    }

    public static Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public void close() throws Exception {
        for (Integer id : List.copyOf(brokers.keySet())) {
            stopBroker(id);
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }
}
