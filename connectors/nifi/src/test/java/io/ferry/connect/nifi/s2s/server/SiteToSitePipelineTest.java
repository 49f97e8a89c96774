package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPlugin;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.connect.nifi.testing.TopicReader;
import io.ferry.testkit.worker.EmbeddedWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline: NiFi's Site-to-Site client → Ferry's worker (embedded broker, the NiFi plugin
 * from a plugin directory) → topic → the same client pulling from an output port.
 */
class SiteToSitePipelineTest {

    private static final int COUNT = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path root;

    private EmbeddedWorker worker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void tenThousandFlowFilesGoThroughATopicAndBackWithTheirAttributes() throws Exception {
        pipeline(COUNT, Map.of());
    }

    /** As config/connect-standalone.properties runs it: records written in Kafka transactions, sinks read_committed. */
    @Test
    void theSameWithExactlyOnceSourceDelivery() throws Exception {
        pipeline(2_000, Map.of("exactly.once.source.support", "enabled", "consumer.isolation.level", "read_committed"));
    }

    private void pipeline(int count, Map<String, String> workerOverrides) throws Exception {
        int port = Sites.freePort();
        String listener = "http://localhost:" + port;
        Map<String, String> bytesAndText = Map.of(
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "header.converter", "org.apache.kafka.connect.storage.StringConverter");
        Map<String, String> source = new LinkedHashMap<>(Map.of("name", "nifi-source", "connector.class", "NiFiSiteToSiteSourceConnector",
                "tasks.max", "2", "topic", "nifi-events", "nifi.port.name", "from-nifi", "nifi.site.listener", listener));
        source.putAll(bytesAndText);
        Map<String, String> sink = new LinkedHashMap<>(Map.of("name", "nifi-sink", "connector.class", "NiFiSiteToSiteSinkConnector",
                "tasks.max", "1", "topics", "nifi-events", "nifi.port.name", "to-nifi", "nifi.site.listener", listener));
        sink.putAll(bytesAndText);
        worker = NiFiPlugin.startWorker(root, workerOverrides, List.of(source, sink));
        String url = listener + "/nifi";
        Sites.awaitPorts(listener, "from-nifi", "to-nifi");

        killSenderMidTransaction(url);
        SiteToSiteClient sender = NiFiPeer.client(url, "from-nifi", false);
        clients.add(sender);
        List<FlowFile> sent = NiFiPeer.flowFiles("pipeline", count);
        for (int from = 0; from < count; from += 500) {
            NiFiPeer.send(sender, sent.subList(from, from + 500));
        }

        // Every transaction was confirmed only after Kafka acknowledged it: the records are all there now,
        // and nothing of the killed sender's unconfirmed transaction.
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll("nifi-events");
        assertThat(records).hasSize(count);
        assertThat(records).noneMatch(r -> headers(r).getOrDefault("filename", "").startsWith("stalled-"));
        ConsumerRecord<byte[], byte[]> first = records.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("pipeline-key-0")).findFirst().orElseThrow();
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("pipeline content 0");
        assertThat(headers(first)).containsEntry("filename", "pipeline-0.txt").containsEntry("batch", "pipeline")
                .containsEntry("index", "0").containsEntry("kafka.key", "pipeline-key-0");
        assertThat(records.stream().map(r -> headers(r).get("filename")).collect(Collectors.toSet())).hasSize(count);

        SiteToSiteClient receiver = NiFiPeer.client(url, "to-nifi", false);
        clients.add(receiver);
        List<FlowFile> received = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            received.addAll(NiFiPeer.receive(receiver));
            return received.size() >= count;
        });
        assertThat(received).hasSize(count);
        Map<String, FlowFile> byName = received.stream().collect(Collectors.toMap(f -> f.attribute("filename"), f -> f));
        for (FlowFile original : sent) {
            FlowFile back = byName.get(original.attribute("filename"));
            assertThat(back).as(original.attribute("filename")).isNotNull();
            assertThat(back.content()).isEqualTo(original.content());
            assertThat(back.attributes()).containsAllEntriesOf(original.attributes())
                    .containsEntry("kafka.topic", "nifi-events").containsKeys("kafka.partition", "kafka.offset", "kafka.timestamp");
        }

        // The sink committed every partition up to its last record (with transactions, markers take offsets too).
        Map<TopicPartition, Long> end = new HashMap<>();
        records.forEach(r -> end.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed("connect-nifi-sink")).isEqualTo(end));
    }

    /** A NiFi client in another JVM streams 300 FlowFiles into a transaction and is killed before confirming. */
    private static void killSenderMidTransaction(String url) throws Exception {
        Process sender = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                "io.ferry.connect.nifi.testing.StallingSender", url, "from-nifi", "300").redirectErrorStream(true).start();
        try {
            var lines = sender.inputReader();
            String line;
            while ((line = lines.readLine()) != null && !line.equals("SENT")) {
                // wait until it is mid-transaction
            }
            assertThat(line).as("the sender's output").isEqualTo("SENT");
        } finally {
            sender.destroyForcibly().waitFor();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        return new TopicReader(worker.bootstrapServers(), topic).records(true);
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, worker.bootstrapServers()))) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> offsets.put(tp, offset.offset()));
            return offsets;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

}
