package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.NiFiPlugin;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.connect.nifi.testing.SlowFirstTime;
import io.ferry.connect.nifi.testing.TopicReader;
import io.ferry.testkit.worker.EmbeddedWorker;
import io.ferry.connect.nifi.flowfile.FlowFileV3Writer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once with the worker's exactly-once source support and {@code transaction.boundary=connector}:
 * NiFi's own Site-to-Site client (or a ListenHTTP sender) sends, transactions time out while their
 * Kafka transaction is open, the task stops mid-transfer, and the sender sends what was not
 * confirmed again; a {@code read_committed} consumer sees every FlowFile exactly once.
 */
class ExactlyOnceInputPortTest {

    private static final int BATCH = 50;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private EmbeddedWorker worker;
    private SiteToSiteClient sender;

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void transactionsTimingOutMidWayLandExactlyOnceAfterNiFiSendsThemAgain() throws Exception {
        start("300", slowMidTransaction());
        List<FlowFile> flowFiles = NiFiPeer.flowFiles("timeouts", 1_000);
        AtomicInteger refused = new AtomicInteger();
        for (int from = 0; from < flowFiles.size(); from += BATCH) {
            refused.addAndGet(NiFiPeer.sendUntilConfirmed(sender, flowFiles.subList(from, from + BATCH)));
        }

        TopicReader topic = new TopicReader(worker.bootstrapServers(), "nifi-events");
        assertThat(topic.filenames(true)).as("read_committed").hasSize(flowFiles.size()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(flowFiles.stream().map(f -> f.attribute("filename")).toList());
        assertThat(refused.get()).as("transactions NiFi had to send again").isPositive();
        // Some of the refused transactions were in Kafka already (then aborted): read_uncommitted sees them.
        assertThat(topic.filenames(false).size()).as("read_uncommitted").isGreaterThan(flowFiles.size());
    }

    @Test
    void aTaskStoppingMidTransferLeavesNothingOfTheUnconfirmedTransactions() throws Exception {
        start("15000", Map.of());
        List<FlowFile> flowFiles = NiFiPeer.flowFiles("restart", 3_000);
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < flowFiles.size(); from += BATCH) {
                refused.addAndGet(NiFiPeer.sendUntilConfirmed(sender, flowFiles.subList(from, from + BATCH)));
                confirmed.incrementAndGet();
            }
        });
        for (int restart = 1; restart <= 3; restart++) {
            int after = restart * 10;
            await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.get() >= after);
            worker.worker().restart("nifi-source", true, false);
        }
        await().atMost(Duration.ofSeconds(120)).until(sending::isDone);
        sending.join();

        TopicReader topic = new TopicReader(worker.bootstrapServers(), "nifi-events");
        assertThat(topic.filenames(true)).as("read_committed").hasSize(flowFiles.size()).doesNotHaveDuplicates();
    }

    @Test
    void listenHttpRequestsTimingOutMidWayLandExactlyOnceAfterTheSenderRetries() throws Exception {
        int port = Sites.freePort();
        Map<String, String> source = new LinkedHashMap<>(Map.of("name", "listen-http", "connector.class", "NiFiListenHttpSourceConnector",
                "tasks.max", "1", "topic", "nifi-events", "http.listener", "http://localhost:" + port, "http.ack.timeout.ms", "300"));
        source.putAll(slowMidTransaction());
        startWorker(source);
        URI url = URI.create("http://localhost:" + port + "/contentListener");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> post(url, List.of()) == 200);

        List<FlowFile> flowFiles = NiFiPeer.flowFiles("listen", 500);
        int refused = 0;
        for (int from = 0; from < flowFiles.size(); from += BATCH) {
            List<FlowFile> batch = flowFiles.subList(from, from + BATCH);
            // As PostHTTP does: a request not answered 200 is sent again.
            while (post(url, batch) != 200) {
                refused++;
            }
        }

        TopicReader topic = new TopicReader(worker.bootstrapServers(), "nifi-events");
        assertThat(topic.filenames(true)).as("read_committed").hasSize(flowFiles.size()).doesNotHaveDuplicates();
        assertThat(refused).as("requests sent again").isPositive();
        assertThat(topic.filenames(false).size()).as("read_uncommitted").isGreaterThan(flowFiles.size());
    }

    private static int post(URI url, List<FlowFile> batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/flowfile-v3")
                .POST(HttpRequest.BodyPublishers.ofByteArray(FlowFileV3Writer.encode(batch))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void start(String ackTimeoutMs, Map<String, String> more) throws IOException {
        String listener = "http://localhost:" + Sites.freePort();
        Map<String, String> source = new LinkedHashMap<>(Map.of("name", "nifi-source", "connector.class", "NiFiSiteToSiteSourceConnector",
                "tasks.max", "1", "topic", "nifi-events", "nifi.port.name", "from-nifi", "nifi.site.listener", listener,
                "nifi.ack.timeout.ms", ackTimeoutMs));
        source.putAll(more);
        startWorker(source);
        Sites.awaitPorts(listener, "from-nifi");
        sender = NiFiPeer.client(listener + "/nifi", "from-nifi", false);
    }

    /** The worker with exactly-once source support running {@code source} with connector-defined transaction boundaries. */
    private void startWorker(Map<String, String> source) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(source);
        config.put("transaction.boundary", "connector");
        config.put("exactly.once.support", "required");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker = NiFiPlugin.startWorker(root, Map.of("exactly.once.source.support", "enabled"), List.of(config));
    }

    private static Map<String, String> slowMidTransaction() {
        return Map.of("transforms", "slow", "transforms.slow.type", SlowFirstTime.class.getName(),
                "transforms.slow.delay.ms", "600", "transforms.slow.every", String.valueOf(BATCH * 4),
                "transforms.slow.at", String.valueOf(BATCH / 2));
    }
}
