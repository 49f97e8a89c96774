package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.it.Records;
import io.ferry.broker.zk.ZkData;
import io.ferry.broker.zk.ZkPaths;
import io.ferry.broker.it.Clients;

/**
 * Brokers 1..n as real processes ({@link ClusterBrokerProcess}) on one ZooKeeper (curator-test's TestingServer, in
 * the test JVM). Data and each broker's stdout stay under {@code target/replica-processes/<name>} for post-mortems.
 */
public final class ProcessCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);

    /** The test's ZooKeeper, or null when the brokers run the ensemble themselves. */
    private final TestingServer zookeeper;
    private final String zookeeperConnect;
    private final Map<Integer, ClusterBrokerProcess> brokers = new TreeMap<>();
    private CuratorFramework zk;

    private ProcessCluster(TestingServer zookeeper, String zookeeperConnect) {
        this.zookeeper = zookeeper;
        this.zookeeperConnect = zookeeperConnect;
    }

    public static ProcessCluster start(String name, int count, Map<String, String> brokerProperties)
            throws Exception {
        TestingServer zookeeper = new TestingServer(true);
        return start(name, zookeeper, zookeeper.getConnectString(), count, id -> brokerProperties);
    }

    /**
     * Brokers 1..n that run the ZooKeeper ensemble themselves ({@code zookeeper.embedded.*}): nothing else runs.
     * Each broker's ensemble member keeps its data under its broker directory.
     */
    public static ProcessCluster startWithZooKeeperInBrokers(String name, int count,
                                                             Map<String, String> brokerProperties) throws Exception {
        Map<Integer, int[]> zkPorts = new TreeMap<>();
        for (int id = 1; id <= count; id++) {
            zkPorts.put(id, new int[] {freePort(), freePort(), freePort()});
        }
        String connect = zkPorts.values().stream().map(p -> "127.0.0.1:" + p[0]).collect(Collectors.joining(","));
        Path root = Path.of("target", "replica-processes", name).toAbsolutePath();
        return start(name, null, connect, count, id -> {
            Map<String, String> props = new TreeMap<>(brokerProperties);
            String prefix = "zookeeper.embedded.";
            props.put(prefix + "dataDir", root.resolve("broker-" + id).resolve("zookeeper").toString());
            props.put(prefix + "clientPort", Integer.toString(zkPorts.get(id)[0]));
            props.put(prefix + "tickTime", "500");
            props.put(prefix + "initLimit", "10");
            props.put(prefix + "syncLimit", "5");
            props.put(prefix + "admin.enableServer", "false");
            zkPorts.forEach((n, p) -> props.put(prefix + "server." + n, "127.0.0.1:" + p[1] + ":" + p[2]));
            return props;
        });
    }

    private static ProcessCluster start(String name, TestingServer zookeeper, String connect, int count,
                                        java.util.function.IntFunction<Map<String, String>> brokerProperties)
            throws Exception {
        Path root = Path.of("target", "replica-processes", name).toAbsolutePath();
        deleteRecursively(root);
        Files.createDirectories(root);
        ProcessCluster c = new ProcessCluster(zookeeper, connect);
        LOG.info("Cluster {} in {}", name, root);
        try {
            for (int id = 1; id <= count; id++) {
                c.brokers.put(id, new ClusterBrokerProcess(id, freePort(), root.resolve("broker-" + id),
                        connect, brokerProperties.apply(id)));
            }
            c.startAll(c.brokers.keySet());
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Launches these brokers' JVMs together, then waits until each listens. */
    public void startAll(Collection<Integer> ids) throws Exception {
        for (int id : ids) {
            brokers.get(id).launch();
        }
        for (int id : ids) {
            brokers.get(id).awaitListening();
        }
    }

    /**
     * The partition's state znode, read from ZooKeeper itself: the truth, and unaffected by frozen brokers that an
     * admin client may be waiting on.
     */
    public ZkData.LeaderAndIsr zkState(TopicPartition tp) throws Exception {
        return ZkData.LeaderAndIsr.decode(zk().getData().forPath(ZkPaths.partitionState(tp.topic(), tp.partition())));
    }

    /** The controller's id from {@code /controller}, or -1 while there is none. */
    public int zkController() throws Exception {
        try {
            return ZkData.decodeController(zk().getData().forPath(ZkPaths.CONTROLLER));
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return -1;
        }
    }

    private synchronized CuratorFramework zk() throws InterruptedException {
        if (zk == null) {
            zk = CuratorFrameworkFactory.newClient(zookeeperConnect, new RetryOneTime(100));
            zk.start();
            zk.blockUntilConnected();
        }
        return zk;
    }

    public ClusterBrokerProcess broker(int id) {
        return brokers.get(id);
    }

    public String bootstrap() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.port()).collect(Collectors.joining(","));
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    public KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return Clients.producer(bootstrap(), extra);
    }

    /** Every record of the topic's partitions up to their end offsets, read with a consumer. */
    public List<String> readAll(String topic, int partitions) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<TopicPartition> tps = Stream.iterate(0, i -> i + 1).limit(partitions)
                .map(i -> new TopicPartition(topic, i)).toList();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            return Records.readToEnd(consumer, tps).stream().map(ConsumerRecord::value).toList();
        }
    }

    /** Creates a topic with replicas on every broker and waits until each partition has a leader and a full ISR. */
    public void createTopic(Admin admin, String topic, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) brokers.size()).configs(configs))).all()
                .get();
        awaitPartitions(admin, topic, "a leader and a full ISR",
                p -> p.leader() != null && p.isr().size() == brokers.size());
    }

    public static TopicPartitionInfo describe(Admin admin, TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get().get(tp.topic()).partitions()
                .get(tp.partition());
    }

    /** The leader's id, or -1 when the partition has none. */
    public static int leader(Admin admin, TopicPartition tp) throws Exception {
        Node l = describe(admin, tp).leader();
        return l == null || l.isEmpty() ? -1 : l.id();
    }

    public static Set<Integer> isr(Admin admin, TopicPartition tp) throws Exception {
        return ids(describe(admin, tp).isr());
    }

    public static Set<Integer> ids(Collection<Node> nodes) {
        Set<Integer> out = new HashSet<>();
        nodes.forEach(n -> out.add(n.id()));
        return out;
    }

    /** Waits (at most 60 s) until every partition of the topic satisfies {@code condition}. */
    public void awaitPartitions(Admin admin, String topic, String what, Predicate<TopicPartitionInfo> condition) {
        await(topic + ": " + what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().untilAsserted(() -> {
                    for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                            .partitions()) {
                        assertThat(condition.test(p)).as("partition %d: %s", p.partition(), p).isTrue();
                    }
                });
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(f);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (ClusterBrokerProcess b : brokers.values()) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.warn("Closing broker {}", b.id(), e);
            }
        }
        if (zk != null) {
            zk.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }
}
