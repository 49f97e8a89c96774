package io.ferry.broker.it;

import static io.ferry.broker.it.AclFixture.assertFails;
import static io.ferry.broker.it.AclFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own {@code kafka-acls} (org.apache.kafka.tools.AclCommand) against a broker that denies by default:
 * the {@code --producer} and {@code --consumer} shortcuts let a client in, {@code --list} shows the ACLs and
 * {@code --remove} takes them away again.
 */
class AclCommandTest {

    private static final String ACLS = "org.apache.kafka.tools.AclCommand";
    private static final String TOPIC = "acl-cmd";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        AclFixture.seedClusterAdmin(dir);
        broker = TestBroker.start(dir, AclFixture.settings(Map.of()));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private JavaProcess.Result acls(String... args) throws Exception {
        JavaProcess.Result r = JavaProcess.runTool(ACLS, broker.bootstrap(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    @Test
    void producerAndConsumerShortcutsListAndRemove() throws Exception {
        acls("--add", "--allow-principal", "User:ANONYMOUS", "--producer", "--topic", TOPIC);
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            send(producer, TOPIC);
        }

        acls("--add", "--allow-principal", "User:ANONYMOUS", "--consumer", "--topic", TOPIC,
                "--group", "acl-cmd-group");
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "acl-cmd-group", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.subscribe(List.of(TOPIC));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.poll(Duration.ofMillis(200)).count() == 1);
            consumer.commitSync();
        }

        String listed = acls("--list", "--topic", TOPIC).output();
        assertThat(listed).contains("principal=User:ANONYMOUS").contains("operation=WRITE")
                .contains("operation=READ").contains("operation=CREATE").contains("operation=DESCRIBE");

        acls("--remove", "--allow-principal", "User:ANONYMOUS", "--operation", "Write", "--topic", TOPIC, "--force");
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000))) {
            assertFails(() -> send(producer, TOPIC), TopicAuthorizationException.class);
        }
    }
}
