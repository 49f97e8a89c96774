package io.ferry.connect.nifi.bench;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPlugin;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.worker.EmbeddedWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.nifi.remote.client.SiteToSiteClient;

/**
 * FlowFiles per second into a topic through Site-to-Site: NiFi's client (HTTP transport) sends
 * FlowFiles of {@code --size} bytes with 4 attributes, {@code --batch} per transaction, from
 * {@code --senders} threads, to Ferry's worker (embedded broker, the NiFi plugin from a plugin
 * directory) in this JVM. A transaction counts once it is confirmed, i.e. once Kafka acknowledged
 * its records. Arguments: {@code --flowfiles N --batch N --size BYTES --senders N --warmup N --partitions N}.
 */
public final class SiteToSiteBench {

    private SiteToSiteBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new LinkedHashMap<>(Map.of("flowfiles", 200_000, "batch", 1_000, "size", 1_024,
                "senders", 2, "warmup", 50_000, "partitions", 3));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        int count = options.get("flowfiles");
        int batch = options.get("batch");
        int senders = options.get("senders");
        Path root = Files.createTempDirectory("nifi-bench");
        int port = Sites.freePort();
        String listener = "http://localhost:" + port;
        Map<String, String> source = new LinkedHashMap<>(Map.of("name", "nifi-source", "connector.class", "NiFiSiteToSiteSourceConnector",
                "tasks.max", "1", "topic", "nifi-bench", "nifi.port.name", "from-nifi", "nifi.site.listener", listener,
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
                "header.converter", "org.apache.kafka.connect.storage.StringConverter"));
        try (EmbeddedWorker worker = NiFiPlugin.startWorker(root, Map.of("ferry.broker.num.partitions", String.valueOf(options.get("partitions"))),
                List.of(source))) {
            Sites.awaitPorts(listener, "from-nifi");
            List<FlowFile> flowFiles = flowFiles(batch, options.get("size"));
            System.out.printf("Site-to-Site bench: %,d FlowFiles of %,d bytes, %,d per transaction, %d sender(s), warm-up %,d%n",
                    count, options.get("size"), batch, senders, options.get("warmup"));
            run(listener + "/nifi", flowFiles, options.get("warmup"), senders);
            long start = System.nanoTime();
            run(listener + "/nifi", flowFiles, count, senders);
            double seconds = (System.nanoTime() - start) / 1e9;
            long inTopic = countRecords(worker.bootstrapServers(), "nifi-bench");
            double perSecond = count / seconds;
            System.out.printf("flowfiles/s=%.0f  MB/s=%.2f  seconds=%.2f  records-in-topic=%,d (expected %,d)%n",
                    perSecond, perSecond * options.get("size") / (1024 * 1024), seconds, inTopic, count + options.get("warmup"));
            if (inTopic != count + options.get("warmup")) {
                throw new IllegalStateException("The topic holds " + inTopic + " records");
            }
        }
    }

    private static void run(String url, List<FlowFile> flowFiles, int count, int senders) throws Exception {
        int transactions = count / flowFiles.size();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int share = transactions / senders + (s < transactions % senders ? 1 : 0);
                results.add(pool.submit(() -> {
                    try (SiteToSiteClient client = NiFiPeer.client(url, "from-nifi", false)) {
                        for (int t = 0; t < share; t++) {
                            NiFiPeer.send(client, flowFiles);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<FlowFile> flowFiles(int batch, int size) {
        Random random = new Random(1);
        List<FlowFile> flowFiles = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("filename", "bench-" + i);
            attributes.put("kafka.key", "key-" + i);
            attributes.put("mime.type", "application/octet-stream");
            attributes.put("index", String.valueOf(i));
            flowFiles.add(new FlowFile(attributes, content));
        }
        return flowFiles;
    }

    private static long countRecords(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
