package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brokers with two PLAINTEXT listeners (INTERNAL for each other, EXTERNAL for clients elsewhere, as in a compose
 * network with published ports): each client is told the brokers' and coordinators' endpoints of the listener it
 * connected to, and replication uses inter.broker.listener.name.
 */
class TwoListenersTest {

    private static final String TOPIC = "two-listeners";

    @TempDir
    Path root;

    private TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clientsSeeTheEndpointsOfTheirListener() throws Exception {
        cluster = TestCluster.start(root, 3, Map.of(
                "listeners", "INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0",
                "advertised.listeners", "INTERNAL://127.0.0.1:0,EXTERNAL://localhost:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL"));
        Set<String> internal = endpoints("127.0.0.1", "INTERNAL");
        Set<String> external = endpoints("localhost", "EXTERNAL");
        String externalBootstrap = String.join(",", external);

        try (Admin viaInternal = cluster.admin();
             Admin viaExternal = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, externalBootstrap))) {
            assertThat(nodes(viaInternal)).isEqualTo(internal);
            assertThat(nodes(viaExternal)).isEqualTo(external);
            viaExternal.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
            // Replicas follow their leaders over INTERNAL: every ISR fills.
            await().atMost(TestCluster.timeout()).until(() -> fullIsrs());

            try (KafkaProducer<String, String> producer = cluster.producer(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, externalBootstrap, ProducerConfig.ACKS_CONFIG, "all"))) {
                for (int i = 0; i < 9; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 3, "k" + i, "v" + i)).get();
                }
            }
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, externalBootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "external-group",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
                consumer.subscribe(List.of(TOPIC));
                await().atMost(TestCluster.timeout()).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        read.add(r.value());
                    }
                    return read.size() >= 9;
                });
                consumer.commitSync();
            }
            assertThat(read).hasSize(9);
            Node coordinator = viaExternal.describeConsumerGroups(List.of("external-group")).all().get()
                    .get("external-group").coordinator();
            assertThat(coordinator.host() + ":" + coordinator.port()).isIn(external);
        }
    }

    private Set<String> endpoints(String host, String listener) {
        return cluster.running().stream().map(id -> host + ":" + cluster.broker(id).port(listener))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> nodes(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get().stream().map(n -> n.host() + ":" + n.port())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean fullIsrs() {
        for (int p = 0; p < 3; p++) {
            if (cluster.state(new TopicPartition(TOPIC, p)).isr().size() != 3) {
                return false;
            }
        }
        return true;
    }
}
