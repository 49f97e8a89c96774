package io.ferry.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's three-broker cluster from the shipped files, through the launcher: {@code bin/ferry zookeeper
 * config/zookeeper.properties} and {@code bin/ferry broker config/server-N.properties} (on free ports), then the
 * leader of a partition is killed with SIGKILL under an idempotent acks=all producer and started again: every
 * acknowledged record is read back exactly once.
 */
class SeedClusterLauncherIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private final Map<String, Process> processes = new HashMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();
    private int zkPort;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes.values()) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledLeaderLosesNothingAcknowledgedAndRejoins() throws Exception {
        String bootstrap = startCluster();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(TIMEOUT).until(() -> admin.describeCluster().nodes().get().size() == 3);
            admin.createTopics(List.of(new NewTopic("seed", 3, (short) 3))).all().get();
            await().atMost(TIMEOUT).until(() -> fullIsr(admin));

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread writer = new Thread(() -> write(bootstrap, acked, running, Integer.MAX_VALUE), "seed-writer");
            writer.start();
            try {
                await().atMost(TIMEOUT).until(() -> acked.size() > 500);
                int leader = description(admin).partitions().get(0).leader().id();
                Process killed = processes.get("broker-" + leader);
                killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                await().atMost(TIMEOUT).until(() -> {
                    var p0 = description(admin).partitions().get(0);
                    return p0.leader() != null && p0.leader().id() != leader;
                });
                int afterKill = acked.size();
                await().atMost(TIMEOUT).until(() -> acked.size() > afterKill + 500);
                startBroker(leader);
                await().atMost(TIMEOUT).until(() -> fullIsr(admin));
            } finally {
                running.set(false);
                writer.join(TIMEOUT.toMillis());
            }
            List<String> read = readAll(bootstrap);
            assertThat(read).doesNotHaveDuplicates();
            assertThat(read).containsAll(acked);
        }
    }

    @Test
    void aConsumerGroupKeepsItsCommittedOffsetsWhenItsCoordinatorIsKilled() throws Exception {
        String bootstrap = startCluster();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(TIMEOUT).until(() -> admin.describeCluster().nodes().get().size() == 3);
            admin.createTopics(List.of(new NewTopic("seed", 3, (short) 3))).all().get();
            await().atMost(TIMEOUT).until(() -> fullIsr(admin));
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean once = new AtomicBoolean(true);
            Thread writer = new Thread(() -> write(bootstrap, acked, once, 3000), "seed-writer");
            writer.start();
            writer.join(TIMEOUT.toMillis());
            assertThat(acked).hasSize(3000);

            Set<String> seen = new java.util.HashSet<>();
            try (KafkaConsumer<String, String> consumer = groupConsumer(bootstrap)) {
                consumer.subscribe(List.of("seed"));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (seen.size() < 1000 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                }
                consumer.commitSync();
            }
            int coordinator = admin.describeConsumerGroups(List.of("seed-group")).all().get().get("seed-group")
                    .coordinator().id();
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets("seed-group").partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> committed.put(tp, o.offset()));
            assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(1000);
            processes.get("broker-" + coordinator).destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL

            try (KafkaConsumer<String, String> consumer = groupConsumer(bootstrap)) {
                consumer.subscribe(List.of("seed"));
                await().atMost(TIMEOUT).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                    assertThat(consumer.assignment()).hasSize(3);
                });
                var now = consumer.committed(committed.keySet());
                committed.forEach((tp, before) -> assertThat(now.get(tp)).as("offset of %s committed before its "
                        + "coordinator was killed", tp).isNotNull().extracting(o -> o.offset())
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG)
                        .isGreaterThanOrEqualTo(before));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (seen.size() < 3000 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                }
            }
            assertThat(seen).isEqualTo(acked);
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "seed-group");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** ZooKeeper and brokers 1-3 from the shipped files on free ports; returns the bootstrap list. */
    private String startCluster() throws IOException {
        zkPort = freePort();
        launch("zookeeper", "zookeeper", "config/zookeeper.properties", "--override", "clientPort=" + zkPort,
                "--override", "dataDir=zk-data");
        for (int id = 1; id <= 3; id++) {
            ports.put(id, freePort());
            startBroker(id);
        }
        String bootstrap = "127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2) + ",127.0.0.1:" + ports.get(3);
        return bootstrap;
    }

    private void startBroker(int id) throws IOException {
        int port = ports.get(id);
        launch("broker-" + id, "broker", "config/server-" + id + ".properties",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "zookeeper.connect=127.0.0.1:" + zkPort,
                "--override", "zookeeper.session.timeout.ms=6000");
    }

    private void launch(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(repo().resolve("bin/ferry").toString());
        command.add(args[0]);
        command.add(repo().resolve(args[1]).toString());
        for (int i = 2; i < args.length; i++) {
            command.add(args[i]);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
        builder.environment().put("FERRY_CDS", "off");
        processes.put(name, builder.start());
    }

    private static TopicDescription description(Admin admin) throws Exception {
        return admin.describeTopics(List.of("seed")).allTopicNames().get(30, TimeUnit.SECONDS).get("seed");
    }

    private static boolean fullIsr(Admin admin) {
        try {
            return description(admin).partitions().stream()
                    .allMatch(p -> p.leader() != null && p.isr().size() == 3);
        } catch (Exception e) {
            return false;
        }
    }

    /** Sends unique values until {@code running} is false or {@code count} were sent; records the acknowledged. */
    private static void write(String bootstrap, Set<String> acked, AtomicBoolean running, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; running.get() && i < count; i++) {
                String v = "v" + i;
                producer.send(new ProducerRecord<>("seed", v, v), (md, e) -> {
                    if (e == null) {
                        acked.add(v);
                    }
                });
                if (i % 100 == 99) {
                    producer.flush();
                }
            }
            producer.flush();
        }
    }

    private static List<String> readAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = List.of(new TopicPartition("seed", 0), new TopicPartition("seed", 1),
                    new TopicPartition("seed", 2));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Path repo() {
        Path module = Paths.get("").toAbsolutePath();
        return Files.exists(module.resolve("bin/ferry")) ? module : module.getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
