package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.s2s.server.site.PortIdentity;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.SinkDrivers;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.connect.nifi.testing.Sites;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An output port (sink task) with NiFi's Site-to-Site client pulling. */
class OutputPortTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("events", 0),
            new TopicPartition("events", 1), new TopicPartition("events", 2));

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private SinkTaskDriver<?> sink(Map<String, String> props) {
        SinkTaskDriver<?> driver = SinkDrivers.started(new NiFiSiteToSiteSinkTask(), props, PARTITIONS);
        closing.add(driver);
        return driver;
    }

    private SiteToSiteClient client(boolean compress) {
        SiteToSiteClient client = NiFiPeer.client(Sites.url(Sites.EPHEMERAL), "to-nifi", compress);
        closing.add(client);
        return client;
    }

    @Test
    void recordsAreReceivedAsFlowFilesAndCommittedOnlyOnceConfirmed() throws Exception {
        SinkTaskDriver<?> driver = sink(Sites.sink("nifi-out", "to-nifi"));
        SinkDrivers.put(driver, 300);
        assertThat(driver.commit()).containsOnly(
                Map.entry(PARTITIONS.get(0), 0L), Map.entry(PARTITIONS.get(1), 0L), Map.entry(PARTITIONS.get(2), 0L));

        List<FlowFile> received = NiFiPeer.receive(client(false));

        assertThat(received).hasSize(300);
        FlowFile first = received.get(0);
        assertThat(new String(first.content(), StandardCharsets.UTF_8)).isEqualTo("value-0-0");
        assertThat(first.attributes())
                .containsEntry("kafka.topic", "events")
                .containsEntry("kafka.partition", "0")
                .containsEntry("kafka.offset", "0")
                .containsEntry("kafka.key", "key-0")
                .containsEntry("kafka.timestamp", "1700000000000")
                .containsEntry("kafka.header.count", "2")
                .containsEntry("source", "test");
        assertThat(driver.commit()).containsOnly(
                Map.entry(PARTITIONS.get(0), 100L), Map.entry(PARTITIONS.get(1), 100L), Map.entry(PARTITIONS.get(2), 100L));
    }

    @Test
    void compressedTransfersWork() throws Exception {
        SinkTaskDriver<?> driver = sink(Sites.sink("nifi-out", "to-nifi"));
        SinkDrivers.put(driver, 50);

        assertThat(NiFiPeer.receive(client(true))).hasSize(50);
    }

    @Test
    void batchesFollowTheClientsBatchCount() throws Exception {
        SinkTaskDriver<?> driver = sink(Sites.sink("nifi-out", "to-nifi"));
        SinkDrivers.put(driver, 25);
        SiteToSiteClient client = NiFiPeer.builder(Sites.url(Sites.EPHEMERAL), "to-nifi").requestBatchCount(10).build();
        closing.add(client);

        assertThat(NiFiPeer.receive(client)).hasSize(10);
        assertThat(NiFiPeer.receive(client)).hasSize(10);
        assertThat(NiFiPeer.receive(client)).hasSize(5);
        assertThat(NiFiPeer.receive(client)).isEmpty();
    }

    @Test
    void aWrongChecksumKeepsTheOffsetsAndSendsTheFlowFilesAgain() throws Exception {
        SinkTaskDriver<?> driver = sink(Sites.sink("nifi-out", "to-nifi"));
        SinkDrivers.put(driver, 30);
        String transaction = createTransaction();

        HttpResponse<byte[]> data = Sites.request("GET", transaction + "/flow-files");
        assertThat(data.statusCode()).isEqualTo(202);
        HttpResponse<byte[]> commit = Sites.request("DELETE", transaction + "?responseCode=12&checksum=12345");

        assertThat(commit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(commit.body()).get("responseCode").asInt()).isEqualTo(19);
        assertThat(driver.commit()).containsOnly(
                Map.entry(PARTITIONS.get(0), 0L), Map.entry(PARTITIONS.get(1), 0L), Map.entry(PARTITIONS.get(2), 0L));
        assertThat(NiFiPeer.receive(client(false))).hasSize(30);
        assertThat(driver.commit()).containsOnly(
                Map.entry(PARTITIONS.get(0), 10L), Map.entry(PARTITIONS.get(1), 10L), Map.entry(PARTITIONS.get(2), 10L));
    }

    @Test
    void anAbandonedReceiveIsSentAgainAfterTheTtl() throws Exception {
        SinkDrivers.put(sink(Sites.sink("nifi-out", "to-nifi", "nifi.site.transaction.ttl.seconds", "2")), 12);
        String transaction = createTransaction();
        assertThat(Sites.request("GET", transaction + "/flow-files").statusCode()).isEqualTo(202);

        assertThat(NiFiPeer.receive(client(false))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> Sites.site(Sites.EPHEMERAL).openTransactions() == 0);
        assertThat(NiFiPeer.receive(client(false))).hasSize(12);
    }

    @Test
    void aFullBufferPausesThePartitionsUntilNiFiTakesHalf() throws Exception {
        SinkTaskDriver<?> driver = sink(Sites.sink("nifi-out", "to-nifi", "nifi.buffer.max.records", "100", "nifi.batch.max.records", "60"));
        SinkDrivers.put(driver, 99);
        assertThat(driver.paused()).isEmpty();
        SinkDrivers.put(driver, 3);
        assertThat(driver.paused()).containsExactlyInAnyOrderElementsOf(PARTITIONS);

        assertThat(NiFiPeer.receive(client(false))).hasSize(60);

        assertThat(driver.commitRequested()).isTrue();
        driver.commit();
        assertThat(driver.paused()).isEmpty();
    }

    @Test
    void anEmptyPortAnswers200WithoutData() throws Exception {
        sink(Sites.sink("nifi-out", "to-nifi"));
        String transaction = createTransaction();

        HttpResponse<byte[]> data = Sites.request("GET", transaction + "/flow-files");

        assertThat(data.statusCode()).isEqualTo(200);
        assertThat(data.body()).isEmpty();
    }

    private static String createTransaction() throws Exception {
        String portId = PortIdentity.of("to-nifi", null, false).id();
        String base = "http://localhost:" + Sites.site(Sites.EPHEMERAL).port() + "/nifi-api";
        HttpResponse<byte[]> created = Sites.request("POST", base + "/data-transfer/output-ports/" + portId + "/transactions");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("responseCode").asInt()).isEqualTo(1);
        assertThat(created.headers().firstValue("x-location-uri-intent")).hasValue("transaction-url");
        assertThat(created.headers().firstValue("x-nifi-site-to-site-server-transaction-ttl")).isPresent();
        return created.headers().firstValue("Location").orElseThrow();
    }
}
