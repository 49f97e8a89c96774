package io.ferry.runtime.testing;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.task.TransactionalIds;
import io.ferry.runtime.standalone.Standalone;
import io.ferry.runtime.worker.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An in-process standalone worker for tests: the embedded broker on a free port, Apache's
 * connect-file and connect-transforms JARs in a plugin directory, all state under {@code root}.
 * It can be stopped and started again on the same state.
 */
public final class WorkerFixture implements AutoCloseable {

    private final Path root;
    private final Path pluginDir;
    private final Map<String, String> props = new LinkedHashMap<>();
    private Standalone standalone;

    public WorkerFixture(Path root) throws IOException {
        this.root = root;
        this.pluginDir = Files.createDirectories(root.resolve("plugins"));
        copyApacheJar("connect-file", pluginDir);
        copyApacheJar("connect-transforms", pluginDir);
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter.schemas.enable", "true");
        props.put("offset.flush.interval.ms", "200");
        props.put("plugin.path", pluginDir.toString());
        props.put("ferry.data.dir", root.resolve("data").toString());
        props.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("ferry.broker.offsets.topic.num.partitions", "2");
        props.put("listeners", "http://127.0.0.1:0");
        // File connectors may use the test's folder (and, for relative names, the module's).
        props.put("ferry.file.allowed.paths", root + "," + Path.of("").toAbsolutePath());
    }

    /** Apache's JAR of {@code artifactId}, copied to target/test-plugins by the build. */
    public static Path apacheJar(String artifactId) throws IOException {
        Path dir = Paths.get(System.getProperty("ferry.test.plugins.dir", "target/test-plugins"));
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(artifactId + "-\\d.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No " + artifactId + " JAR in " + dir.toAbsolutePath()));
        }
    }

    private static void copyApacheJar(String artifactId, Path dir) throws IOException {
        Path jar = apacheJar(artifactId);
        Files.copy(jar, dir.resolve(jar.getFileName()));
    }

    /** The plugin directory ({@code plugin.path}). */
    public Path pluginDir() {
        return pluginDir;
    }

    /** Sets a worker property (before {@link #start}). */
    public WorkerFixture set(String key, String value) {
        props.put(key, value);
        return this;
    }

    /**
     * Sets Kafka client settings (security.protocol, ssl.*, sasl.*) for the worker's own clients and, with the
     * {@code producer.}, {@code consumer.} and {@code admin.} prefixes, for its tasks' clients, as in Kafka Connect.
     */
    public WorkerFixture setClientSettings(Map<String, ?> settings) {
        for (String prefix : new String[] {"", "producer.", "consumer.", "admin."}) {
            settings.forEach((k, v) -> props.put(prefix + k, v.toString()));
        }
        return this;
    }

    /** Starts the worker with the README's quickstart: FileStreamSource of {@code input} to connect-test, FileStreamSink to {@code output}. */
    public WorkerFixture startFileQuickstart(Path input, Path output) {
        return start(connector("name", "local-file-source", "connector.class", "FileStreamSource",
                        "tasks.max", "1", "file", input.toString(), "topic", "connect-test"),
                connector("name", "local-file-sink", "connector.class", "FileStreamSink",
                        "tasks.max", "1", "file", output.toString(), "topics", "connect-test"));
    }

    /** Starts the worker with the given connectors (each a configuration with its name). */
    @SafeVarargs
    public final WorkerFixture start(Map<String, String>... connectors) {
        if (standalone != null) {
            throw new IllegalStateException("already started");
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (Map<String, String> connector : connectors) {
            configs.add(connector);
        }
        standalone = Standalone.start(new WorkerConfig(props), configs, List.of());
        return this;
    }

    /** Stops the worker (as on SIGTERM); it can be started again. */
    public void stop() {
        if (standalone != null) {
            standalone.close();
            standalone = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Worker worker() {
        return standalone.worker();
    }

    public String bootstrapServers() {
        return standalone.bootstrapServers();
    }

    /** The running standalone worker. */
    public Standalone standalone() {
        return standalone;
    }

    /** The REST API's first listener, e.g. {@code http://127.0.0.1:41234}. */
    public java.net.URI restUri() {
        return standalone.restUris().get(0);
    }

    public Path root() {
        return root;
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    /** The worker id (kept in the data directory), which prefixes transactional and group instance ids. */
    public String workerId() {
        return TransactionalIds.workerId(new WorkerConfig(props));
    }

    /** Writes one record to {@code topic}. */
    public void produce(String topic, byte[] key, byte[] value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot produce to " + topic, e);
        }
    }

    public void produce(String topic, String value) {
        produce(topic, null, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads {@code topic} from the beginning with a fresh consumer (no group) until it has at
     * least {@code atLeast} records or {@code timeout} passes, then returns what it read.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int atLeast, Duration timeout) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < atLeast && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The values of {@link #consume} as UTF-8 text. */
    public List<String> consumeValues(String topic, int atLeast, Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consume(topic, atLeast, timeout)) {
            values.add(record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The lines of a file, or none if it does not exist yet. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connector configuration from alternating keys and values. */
    public static Map<String, String> connector(String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }
}
