package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.offset.TopicOffsetStore;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.testing.SequenceSourcePlugin;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source delivery (KIP-618) in a standalone worker: records and their source offsets
 * are committed in one transaction, to the topic and to the compacted offsets topic.
 */
class ExactlyOnceSourceTest extends WorkerTest {

    private static final Map<String, Object> PARTITION = Map.of("seq", "s");

    private final Map<String, String> workerProps = new java.util.HashMap<>();

    @SafeVarargs
    private WorkerFixture startWorker(Map<String, String>... connectors) throws Exception {
        fixture = new WorkerFixture(root);
        workerProps.forEach(fixture::set);
        fixture.set("exactly.once.source.support", "enabled")
                .set("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .set("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        SequenceSourcePlugin.build(fixture.pluginDir());
        return fixture.start(connectors);
    }

    private static Map<String, String> sequence(String name, String... more) {
        Map<String, String> config = connector("name", name, "connector.class", SequenceSourcePlugin.CONNECTOR, "topic", "seq");
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    private static List<String> expected(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "record-" + i).toList();
    }

    /** Every value of {@code topic} read with {@code isolation.level}, reading until {@code quiet} passes with nothing new. */
    private List<String> read(String topic, String isolation, Duration quiet) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant lastNew = Instant.now();
            while (Duration.between(lastNew, Instant.now()).compareTo(quiet) < 0) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    lastNew = Instant.now();
                    records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return values;
    }

    private List<String> committed(String topic) {
        return read(topic, "read_committed", Duration.ofMillis(700));
    }

    private List<String> uncommitted(String topic) {
        return read(topic, "read_uncommitted", Duration.ofMillis(700));
    }

    /** The offsets committed in {@code topic}, read as a restarted worker reads them. */
    private Map<String, Object> storedOffset(String topic, String connector) {
        TopicOffsetStore store = new TopicOffsetStore(topic, new TopicOffsetStore.Settings(fixture::bootstrapServers, Map.of(), 1, (short) 1));
        try {
            store.start();
            return store.offset(connector, PARTITION);
        } finally {
            store.close();
        }
    }

    @Test
    void withPollBoundariesRecordsAndOffsetsAreCommittedTogetherInACompactedOffsetsTopic() throws Exception {
        startWorker(sequence("eos", "count", "50", "batch", "10"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 50)));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(storedOffset("connect-offsets", "eos")).containsEntry("next", 50L));
        assertThat(fixture.dataDir().resolve("connect.offsets")).doesNotExist();
        assertThat(Files.readString(fixture.dataDir().resolve("worker.id"))).startsWith("ferry-");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", fixture.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "connect-offsets");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    /** A transactional producer that opened a transaction, wrote {@code value} to topic seq, and stalled. */
    private KafkaProducer<byte[], byte[]> zombie(String transactionalId, String value) throws Exception {
        KafkaProducer<byte[], byte[]> zombie = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "900000"),
                new ByteArraySerializer(), new ByteArraySerializer());
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>("seq", value.getBytes(StandardCharsets.UTF_8))).get();
        return zombie;
    }

    @Test
    void earlierInstancesOfTheConnectorsTasksAreFencedAndTheirOpenTransactionsAborted() throws Exception {
        workerProps.put("ferry.worker.id", "w1");
        startWorker();
        // Instances of a previous run: task 0 (which runs again) and task 1 (from when the connector had two tasks).
        KafkaProducer<byte[], byte[]> zombie0 = zombie("w1-eos-0", "zombie-0");
        KafkaProducer<byte[], byte[]> zombie1 = zombie("w1-eos-1", "zombie-1");
        try {
            fixture.worker().createOrUpdate("eos", sequence("eos", "count", "5", "batch", "5", "tasks.max", "2"));

            // Both open transactions were aborted: read_committed consumers are not held back and see no zombie record.
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 5)));
            assertThat(uncommitted("seq")).contains("zombie-0", "zombie-1");
            assertThatThrownBy(zombie0::commitTransaction).isInstanceOf(KafkaException.class);
            assertThatThrownBy(zombie1::commitTransaction).isInstanceOf(KafkaException.class);
        } finally {
            zombie0.close(Duration.ZERO);
            zombie1.close(Duration.ZERO);
        }
    }

    @Test
    void withIntervalBoundariesRecordsStayInvisibleToReadCommittedConsumersUntilTheTransactionCommits() throws Exception {
        startWorker(sequence("eos", "count", "5", "batch", "5", "transaction.boundary", "interval",
                "transaction.boundary.interval.ms", "5000"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(uncommitted("seq")).containsExactlyElementsOf(expected(0, 5)));
        assertThat(committed("seq")).as("inside the open transaction").isEmpty();
        assertThat(storedOffset("connect-offsets", "eos")).isNull();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 5)));
        assertThat(storedOffset("connect-offsets", "eos")).containsEntry("next", 5L);
    }

    @Test
    void aRestartedWorkerResumesFromTheOffsetsInTheTopicWithoutDuplicates() throws Exception {
        startWorker(sequence("eos", "count", "20", "batch", "7"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).hasSize(20));
        fixture.stop();

        fixture.start(sequence("eos", "count", "35", "batch", "7"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 35)));
        assertThat(fixture.dataDir().resolve("connect.offsets")).doesNotExist();
    }

    @Test
    void aFailingTaskAbortsItsOpenTransactionAndItsOffsetsDoNotAdvance() throws Exception {
        Path marker = root.resolve("failed-once");
        startWorker(sequence("eos", "count", "30", "batch", "5", "fail.on.poll", "3", "fail.marker", marker.toString(),
                "transaction.boundary", "interval", "transaction.boundary.interval.ms", "3000"));
        TaskId task = new TaskId("eos", 0);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(fixture.worker().taskStatus(task).state()).isEqualTo(State.FAILED));
        assertThat(fixture.worker().taskStatus(task).trace()).contains("sequence source fails on purpose at poll 3");
        assertThat(committed("seq")).as("the aborted transaction's records").isEmpty();
        assertThat(storedOffset("connect-offsets", "eos")).isNull();

        fixture.worker().restartTask(task);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 30)));
        assertThat(storedOffset("connect-offsets", "eos")).containsEntry("next", 30L);
    }

    @Test
    void aRecordTheProducerRefusesFailsTheTransactionWhichIsAborted() throws Exception {
        workerProps.put("producer.max.request.size", "20000");
        startWorker(sequence("eos", "count", "10", "batch", "10", "large.at", "5"));
        TaskId task = new TaskId("eos", 0);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(fixture.worker().taskStatus(task).state()).isEqualTo(State.FAILED));
        assertThat(fixture.worker().taskStatus(task).trace()).contains("RecordTooLargeException");
        assertThat(committed("seq")).isEmpty();
        assertThat(storedOffset("connect-offsets", "eos")).isNull();
    }

    @Test
    void withConnectorBoundariesTheTaskCommitsAndAbortsItsTransactions() throws Exception {
        startWorker(sequence("eos", "count", "25", "batch", "4", "transaction.boundary", "connector",
                "commit.every", "10", "abort.at", "13"));

        List<String> expected = new ArrayList<>(expected(0, 10));
        expected.addAll(expected(14, 20));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected));
        assertThat(uncommitted("seq")).as("records 20-24 wait in an open transaction").containsAll(expected(20, 25));
        assertThat(storedOffset("connect-offsets", "eos")).as("the aborted records' offsets are committed").containsEntry("next", 20L);
    }

    @Test
    void aConnectorWithItsOwnOffsetsTopicKeepsItsOffsetsThere() throws Exception {
        startWorker(sequence("eos", "count", "12", "batch", "5", "offsets.storage.topic", "eos-offsets"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).hasSize(12));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(storedOffset("eos-offsets", "eos")).containsEntry("next", 12L));
        assertThat(storedOffset("connect-offsets", "eos")).isNull();
        fixture.stop();
        fixture.start(sequence("eos", "count", "15", "batch", "5", "offsets.storage.topic", "eos-offsets"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 15)));
    }

    @Test
    void exactlyOnceSettingsAreValidatedAgainstTheConnector() throws Exception {
        startWorker();

        assertThatThrownBy(() -> fixture.worker().createOrUpdate("a", sequence("a", "exactly.once.support", "required",
                "exactly.once", "UNSUPPORTED")))
                .isInstanceOf(ConnectorConfigException.class)
                .satisfies(e -> assertThat(((ConnectorConfigException) e).problems()).extracting(p -> p.key())
                        .containsExactly("exactly.once.support"))
                .hasMessageContaining("does not declare exactly-once support");
        assertThatThrownBy(() -> fixture.worker().createOrUpdate("b", sequence("b", "transaction.boundary", "connector",
                "boundaries", "UNSUPPORTED")))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("transaction.boundary: 'connector', but com.example.seq.SequenceSource cannot define");
        assertThatThrownBy(() -> fixture.worker().createOrUpdate("c", sequence("c", "transaction.boundary", "sometimes")))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("transaction.boundary");
        fixture.worker().createOrUpdate("d", sequence("d", "exactly.once.support", "required", "count", "0"));
        assertThat(fixture.worker().connectors()).containsExactly("d");
    }

    @Test
    void requiredExactlyOnceSupportNeedsAnExactlyOnceWorker() throws Exception {
        fixture = new WorkerFixture(root).set("exactly.once.source.support", "preparing")
                .set("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        SequenceSourcePlugin.build(fixture.pluginDir());
        fixture.start();

        assertThatThrownBy(() -> fixture.worker().createOrUpdate("a", sequence("a", "exactly.once.support", "required")))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("exactly.once.support: required, but the worker does not deliver exactly once");
        fixture.worker().createOrUpdate("b", sequence("b", "count", "3"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("seq")).containsExactlyElementsOf(expected(0, 3)));
        assertThat(fixture.dataDir().resolve("connect.offsets")).as("preparing is at-least-once: the offsets file").exists();
    }
}
