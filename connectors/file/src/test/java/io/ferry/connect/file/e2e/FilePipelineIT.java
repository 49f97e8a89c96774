package io.ferry.connect.file.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.standalone.Standalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file → topic → file through Ferry's worker (in-process, embedded broker) with the packaged plugin
 * loaded from the repository's plugins/ folder, as the quickstart runs it.
 */
class FilePipelineIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private Standalone standalone;

    @AfterEach
    void stop() {
        if (standalone != null) {
            standalone.close();
        }
    }

    private Standalone start(Map<String, String> source, Map<String, String> sink) throws IOException {
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("key.converter.schemas.enable", "true");
        worker.put("value.converter.schemas.enable", "true");
        worker.put("offset.flush.interval.ms", "200");
        worker.put("plugin.path", Repo.pluginsDir().toString());
        worker.put("plugin.discovery", "service_load");
        worker.put("ferry.data.dir", work.resolve("data").toString());
        worker.put("ferry.file.allowed.paths", work.toString());
        worker.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        worker.put("listeners", "http://127.0.0.1:0");
        return Standalone.start(new WorkerConfig(worker), List.of(source, sink), List.of());
    }

    private static Map<String, String> connector(String... keysAndValues) {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    @Test
    void linesGoThroughATopicIntoAByteIdenticalFile() throws Exception {
        Path in = Repo.writeLines(work.resolve("test.txt"), 50_000);
        Path out = work.resolve("test.sink.txt");
        // Service-loader discovery finds the connectors by their META-INF/services entries; the short
        // aliases resolve like FileStreamSource does.
        standalone = start(
                connector("name", "local-file-source", "connector.class", "FileSource", "tasks.max", "1",
                        "file", in.toString(), "topic", "connect-test"),
                connector("name", "local-file-sink", "connector.class", "FileSink", "tasks.max", "1",
                        "file", out.toString(), "topics", "connect-test"));

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(out) && Files.size(out) >= Files.size(in));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));

        Files.writeString(in, "one more ✓\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Files.size(out) == Files.size(in));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));

        // In the topic the records look exactly like FileStreamSource's through JsonConverter.
        Map<String, Object> consumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, standalone.bootstrapServers());
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("connect-test", 0);
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> first = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(first::add);
                return !first.isEmpty();
            });
            assertThat(first.get(0).key()).isNull();
            assertThat(first.get(0).value()).isEqualTo("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"line 0 plain\"}");
        }
    }

    @Test
    void aRestartedWorkerGoesOnWithoutLossOrDuplicates() throws Exception {
        Path in = Repo.writeLines(work.resolve("test.txt"), 20_000);
        Path out = work.resolve("test.sink.txt");
        Map<String, String> source = connector("name", "src", "connector.class", "io.ferry.connect.file.FileSourceConnector",
                "file", in.toString(), "topic", "lines");
        Map<String, String> sink = connector("name", "snk", "connector.class", "io.ferry.connect.file.FileSinkConnector",
                "file", out.toString(), "topics", "lines");
        standalone = start(source, sink);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(out) && Files.size(out) == Files.size(in));
        standalone.close();
        standalone = null;

        Files.writeString(in, "after the restart\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        standalone = start(source, sink);

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> Files.size(out) == Files.size(in));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
    }
}
