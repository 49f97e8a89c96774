package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker with clients that are not kafka-clients and pick older protocol versions: kcat and confluent-kafka
 * (both librdkafka) and kafkajs. Scripts are under src/test/resources/clients. Locally a missing tool skips its test;
 * with CI=true it fails (.ci/run installs kcat, python3-confluent-kafka and kafkajs into target/node).
 */
class NonJavaClientsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final long BASE_TS = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0"));
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("kcat-keys", 1, (short) 1),
                    new NewTopic("kcat-times", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void kcatListsProducesConsumesAndQueriesOffsets() throws Exception {
        ExternalTool.require(ExternalTool.works(List.of("kcat", "-V")), "kcat");
        String metadata = kcat(null, "-L");
        assertThat(metadata).contains("broker 1 at " + broker.bootstrap()).contains("topic \"kcat-keys\" with 1 partitions");

        String input = String.join("\n", IntStream.range(0, 12).mapToObj(i -> "k" + i + ":v" + i).toList()) + "\n";
        kcat(input, "-P", "-K:", "-t", "kcat-keys", "-p", "0");
        List<String> all = lines(kcat(null, "-C", "-t", "kcat-keys", "-o", "beginning", "-e", "-f", "%k=%s@%o\\n"));
        assertThat(all).hasSize(12).startsWith("k0=v0@0").endsWith("k11=v11@11");
        List<String> last10 = lines(kcat(null, "-C", "-t", "kcat-keys", "-o", "-10", "-e", "-f", "%k=%s@%o\\n"));
        assertThat(last10).hasSize(10).startsWith("k2=v2@2").endsWith("k11=v11@11");

        try (var producer = broker.producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("kcat-times", 0, BASE_TS + i * 1000L, "k" + i, "v" + i)).get();
            }
        }
        assertThat(kcat(null, "-Q", "-t", "kcat-times:0:" + (BASE_TS + 1500))).contains("kcat-times [0] offset 2");
        assertThat(kcat(null, "-Q", "-t", "kcat-times:0:-1")).contains("kcat-times [0] offset 5");
        assertThat(kcat(null, "-Q", "-t", "kcat-times:0:-2")).contains("kcat-times [0] offset 0");
    }

    /**
     * Every compression codec both ways: librdkafka (kcat -z) compresses and kafka-clients reads back, kafka-clients
     * compresses and librdkafka reads back. The broker stores each batch as its producer compressed it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void everyCompressionCodecCrossesBetweenLibrdkafkaAndKafkaClients(String codec) throws Exception {
        ExternalTool.require(ExternalTool.works(List.of("kcat", "-V")), "kcat");
        String fromKcat = "kcat-" + codec;
        String fromJava = "java-" + codec;
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(fromKcat, 1, (short) 1), new NewTopic(fromJava, 1, (short) 1)))
                    .all().get();
        }
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            input.append("k").append(i).append(':').append(codec).append("-value-").append(i).append('\n');
        }
        kcat(input.toString(), "-P", "-K:", "-t", fromKcat, "-p", "0", "-z", codec);
        try (var consumer = broker.consumer(Map.of())) {
            List<String> values = Records.readToEnd(consumer, List.of(new TopicPartition(fromKcat, 0))).stream()
                    .map(r -> r.value()).toList();
            assertThat(values).hasSize(50).startsWith(codec + "-value-0").endsWith(codec + "-value-49");
        }
        try (var producer = broker.producer(Map.of("compression.type", codec, "linger.ms", 50))) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(fromJava, 0, "k" + i, "java-" + codec + "-" + i));
            }
            producer.flush();
        }
        List<String> read = lines(kcat(null, "-C", "-t", fromJava, "-o", "beginning", "-e", "-f", "%s\\n"));
        assertThat(read).hasSize(50).startsWith("java-" + codec + "-0").endsWith("java-" + codec + "-49");
    }

    @Test
    void confluentKafkaProducesConsumesFromLatestAndLooksUpOffsetsByTime() throws Exception {
        String python = python();
        ExternalTool.require(ExternalTool.works(List.of(python, "-c", "import confluent_kafka")),
                "python3 with confluent_kafka (" + python + ")");
        assertPasses(List.of(python, script("confluent_kafka_client.py"), broker.bootstrap(), "py-topic", "py-group"),
                Map.of());
    }

    @Test
    void kafkajsFetchesTopicOffsetsProducesAndConsumes() throws Exception {
        Path modules = kafkajsDir().resolve("node_modules");
        ExternalTool.require(ExternalTool.works(List.of("node", "--version"))
                && Files.exists(modules.resolve("kafkajs/package.json")), "node with kafkajs in " + modules);
        assertPasses(List.of("node", script("kafkajs_client.js"), broker.bootstrap(), "js-topic", "js-group"),
                Map.of("NODE_PATH", modules.toString(), "KAFKAJS_NO_PARTITIONER_WARNING", "1"));
    }

    private static String kcat(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", broker.bootstrap()));
        command.addAll(List.of(args));
        ExternalTool.Result r = ExternalTool.run(command, stdin, Map.of(), DEADLINE);
        assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r.output()).isZero();
        return r.output();
    }

    private static void assertPasses(List<String> command, Map<String, String> env) throws Exception {
        ExternalTool.Result r = ExternalTool.run(command, null, env, DEADLINE);
        assertThat(r.exitCode()).as(String.join(" ", command) + "\n" + r.output()).isZero();
        assertThat(r.output()).contains("OK");
    }

    private static List<String> lines(String output) {
        return output.lines().filter(l -> !l.startsWith("%")).toList();
    }

    private static String script(String name) throws URISyntaxException {
        return Path.of(NonJavaClientsTest.class.getResource("/clients/" + name).toURI()).toString();
    }

    /** FERRY_PYTHON, else the system python3 (where Debian's python3-confluent-kafka lives), else python3. */
    private static String python() {
        String configured = System.getenv("FERRY_PYTHON");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** FERRY_KAFKAJS_DIR (an npm --prefix directory), else target/node of this module. */
    private static Path kafkajsDir() {
        String configured = System.getenv("FERRY_KAFKAJS_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target", "node");
    }
}
