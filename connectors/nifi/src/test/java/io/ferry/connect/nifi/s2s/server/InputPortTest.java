package io.ferry.connect.nifi.s2s.server;

import static io.ferry.connect.nifi.testing.NiFiPeer.flowFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.CorruptingRelay;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.driver.PollingSourceDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An input port (source task) with NiFi's Site-to-Site client as the sender. */
class InputPortTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private PollingSourceDriver source(Map<String, String> props) {
        PollingSourceDriver driver = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(), props);
        closing.add(driver);
        return driver;
    }

    private SiteToSiteClient client(String url, boolean compress) {
        SiteToSiteClient client = NiFiPeer.client(url, "from-nifi", compress);
        closing.add(client);
        return client;
    }

    private static Map<String, String> headers(SourceRecord record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), (String) header.value());
        }
        return headers;
    }

    @Test
    void flowFilesBecomeRecordsWithTheirAttributesAsHeaders() throws IOException {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events"));
        SiteToSiteClient client = client(Sites.url(Sites.EPHEMERAL), false);

        for (int batch = 0; batch < 4; batch++) {
            NiFiPeer.send(client, flowFiles("b" + batch, 250));
        }

        assertThat(driver.stored()).hasSize(1000);
        SourceRecord first = driver.stored().get(0);
        assertThat(first.topic()).isEqualTo("nifi-events");
        assertThat(first.key()).isEqualTo("b0-key-0");
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).isEqualTo("b0 content 0");
        assertThat(headers(first)).containsEntry("filename", "b0-0.txt").containsEntry("batch", "b0").containsEntry("index", "0");
        assertThat(driver.stored()).extracting(r -> headers(r).get("filename"))
                .containsExactlyElementsOf(expectedNames(4, 250));
    }

    @Test
    void compressedTransfersWork() throws IOException {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events"));
        NiFiPeer.send(client(Sites.url(Sites.EPHEMERAL), true), flowFiles("z", 300));

        assertThat(driver.stored()).hasSize(300);
        assertThat(new String((byte[]) driver.stored().get(299).value(), StandardCharsets.UTF_8)).isEqualTo("z content 299");
    }

    @Test
    void theCommitIsAnsweredOnlyOnceKafkaAcknowledgedEveryRecord() throws Exception {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events"));
        SiteToSiteClient client = client(Sites.url(Sites.EPHEMERAL), false);
        driver.holdAcknowledgements();

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendUnchecked(client, flowFiles("held", 100)));

        await().atMost(Duration.ofSeconds(10)).until(() -> driver.stored().size() == 100);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !sending.isDone());
        driver.resumeAcknowledgements();
        sending.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTransactionTheWorkerDoesNotTakeInTimeGets503AndIsNeverWritten() throws Exception {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events", "nifi.ack.timeout.ms", "1000"));
        SiteToSiteClient client = client(Sites.url(Sites.EPHEMERAL), false);
        driver.holdPolling();

        assertThatThrownBy(() -> NiFiPeer.send(client, flowFiles("late", 50)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");

        driver.resumePolling();
        NiFiPeer.send(client, flowFiles("next", 5));
        assertThat(driver.polled()).extracting(r -> headers(r).get("batch")).containsOnly("next").hasSize(5);
    }

    @Test
    void aChecksumMismatchRollsTheTransactionBack() throws Exception {
        int sitePort = Sites.freePort();
        CorruptingRelay relay = new CorruptingRelay(sitePort, (byte) 'Q', (byte) 'R');
        closing.add(relay);
        String listener = "http://localhost:" + sitePort;
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events",
                "nifi.site.listener", listener, "nifi.site.advertised.port", String.valueOf(relay.port())));
        SiteToSiteClient viaRelay = client("http://localhost:" + relay.port() + "/nifi", false);
        Map<String, String> attributes = Map.of("filename", "corrupt-me");

        assertThatThrownBy(() -> NiFiPeer.send(viaRelay, List.of(FlowFile.of(attributes, "QQQQ"), FlowFile.of(attributes, "fine"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("CRC32");

        assertThat(relay.corrupted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> Sites.site(listener).openTransactions() == 0);
        NiFiPeer.send(viaRelay, flowFiles("after", 3));
        assertThat(driver.polled()).extracting(r -> headers(r).get("batch")).containsExactly("after", "after", "after");
    }

    @Test
    void anAbandonedTransactionExpiresWithoutAWrite() throws Exception {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events", "nifi.site.transaction.ttl.seconds", "2"));
        SiteToSiteClient client = client(Sites.url(Sites.EPHEMERAL), false);

        Transaction abandoned = client.createTransaction(TransferDirection.SEND);
        for (FlowFile flowFile : flowFiles("abandoned", 20)) {
            abandoned.send(flowFile.content(), flowFile.attributes());
        }
        abandoned.confirm(); // data exchanged and checksum compared, but never committed
        assertThat(Sites.site(Sites.EPHEMERAL).openTransactions()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> Sites.site(Sites.EPHEMERAL).openTransactions() == 0);
        NiFiPeer.send(client, flowFiles("kept", 2));
        assertThat(driver.polled()).extracting(r -> headers(r).get("batch")).containsExactly("kept", "kept");
    }

    @Test
    void aSenderKilledMidTransactionLeavesNothing() throws Exception {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events"));
        String url = Sites.url(Sites.EPHEMERAL);
        Process sender = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                "io.ferry.connect.nifi.testing.StallingSender", url, "from-nifi", "500")
                .redirectErrorStream(true).start();
        try {
            var lines = sender.inputReader();
            String line;
            while ((line = lines.readLine()) != null && !line.equals("SENT")) {
                // wait for the sender to be mid-transaction
            }
            assertThat(line).as("the sender's output").isEqualTo("SENT");
            await().atMost(Duration.ofSeconds(5)).until(() -> Sites.site(Sites.EPHEMERAL).openTransactions() == 1);
        } finally {
            sender.destroyForcibly().waitFor();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> Sites.site(Sites.EPHEMERAL).openTransactions() == 0);
        NiFiPeer.send(client(url, false), flowFiles("survivor", 1));
        assertThat(driver.polled()).extracting(r -> headers(r).get("batch")).containsExactly("survivor");
    }

    @Test
    void aFullPortRefusesNewTransactions() throws Exception {
        PollingSourceDriver driver = source(Sites.source("nifi-in", "from-nifi", "nifi-events", "nifi.queue.max.records", "10"));
        SiteToSiteClient client = client(Sites.url(Sites.EPHEMERAL), false);
        driver.holdAcknowledgements();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> sendUnchecked(client, flowFiles("fill", 10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.stored().size() == 10);

        assertThatThrownBy(() -> NiFiPeer.send(client(Sites.url(Sites.EPHEMERAL), false), flowFiles("refused", 1)))
                .isInstanceOf(IOException.class);

        driver.resumeAcknowledgements();
        first.get(10, TimeUnit.SECONDS);
        assertThat(driver.stored()).hasSize(10);
    }

    private static List<String> expectedNames(int batches, int perBatch) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < perBatch; i++) {
                names.add("b" + b + "-" + i + ".txt");
            }
        }
        return names;
    }

    private static void sendUnchecked(SiteToSiteClient client, List<FlowFile> flowFiles) {
        try {
            NiFiPeer.send(client, flowFiles);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
