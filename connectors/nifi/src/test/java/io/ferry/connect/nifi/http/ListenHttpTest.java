package io.ferry.connect.nifi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.flowfile.FlowFileV3Writer;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.SinkDrivers;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.testkit.driver.PollingSourceDriver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.nifi.util.FlowFilePackagerV3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ListenHTTP-compatible source, fed by raw requests, NiFi's packager and Ferry's own HTTP sink; its bounds. */
class ListenHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private NiFiListenHttpSourceTask task;
    private PollingSourceDriver driver;
    private String base;

    @BeforeEach
    void start() {
        start("http.queue.max.records", "10000");
    }

    private void start(String... more) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("name", "listen", "topic", "http-events",
                "http.listener", "http://localhost:0", "http.hold.timeout.ms", "1000"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        task = new NiFiListenHttpSourceTask();
        driver = PollingSourceDriver.start(task, props);
        closing.add(driver);
        base = "http://localhost:" + task.port() + "/contentListener";
    }

    /** Stops the task started before each test and starts one with {@code more} settings. */
    private void restart(String... more) throws Exception {
        close();
        closing.clear();
        start(more);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private static final String[] HOLD = {"Content-Type", "application/flowfile-v3", "x-prefer-acknowledge-uri", "true",
            "x-nifi-transfer-protocol-version", "3"};

    private static HttpResponse<String> post(String url, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> headers(SourceRecord record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), (String) header.value());
        }
        return headers;
    }

    @Test
    void aRawBodyIsOneFlowFileAnswered200OnceStored() throws Exception {
        HttpResponse<String> response = post(base, "plain text".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain", "filename", "note.txt");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(driver.stored()).hasSize(1);
        SourceRecord record = driver.stored().get(0);
        assertThat(record.topic()).isEqualTo("http-events");
        assertThat(new String((byte[]) record.value(), StandardCharsets.UTF_8)).isEqualTo("plain text");
        assertThat(headers(record)).containsEntry("filename", "note.txt").containsEntry("mime.type", "text/plain")
                .containsEntry("restlistener.request.uri", "/contentListener").containsKey("restlistener.remote.source.host");
    }

    @Test
    void aPackageFromNiFisPackagerIsUnpacked() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        FlowFilePackagerV3 packager = new FlowFilePackagerV3();
        for (FlowFile flowFile : NiFiPeer.flowFiles("pkg", 3)) {
            packager.packageFlowFile(new ByteArrayInputStream(flowFile.content()), packed, flowFile.attributes(), flowFile.size());
        }

        HttpResponse<String> response = post(base, packed.toByteArray(), "Content-Type", "application/flowfile-v3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(driver.stored()).extracting(r -> headers(r).get("filename")).containsExactly("pkg-0.txt", "pkg-1.txt", "pkg-2.txt");
        assertThat(driver.stored()).extracting(SourceRecord::key).containsExactly("pkg-key-0", "pkg-key-1", "pkg-key-2");
    }

    @Test
    void gzippedPackagesAreUnzipped() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(FlowFileV3Writer.encode(NiFiPeer.flowFiles("gz", 2)));
        }

        HttpResponse<String> response = post(base, zipped.toByteArray(), "Content-Type", "application/flowfile-v3", "flowfile-gzipped", "true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(driver.stored()).hasSize(2);
    }

    @Test
    void aHeldPostIsWrittenOnlyWhenTheSenderConfirms() throws Exception {
        HttpResponse<String> held = post(base, FlowFileV3Writer.encode(NiFiPeer.flowFiles("hold", 4)),
                "Content-Type", "application/flowfile-v3", "x-prefer-acknowledge-uri", "true", "x-nifi-transfer-protocol-version", "3");

        assertThat(held.statusCode()).isEqualTo(303);
        assertThat(held.headers().firstValue("x-location-uri-intent")).hasValue("flowfile-hold");
        String location = held.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/contentListener/holds/");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> driver.polled().isEmpty());

        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(base).resolve(location)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(driver.stored()).hasSize(4);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base).resolve(location)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnconfirmedHoldExpiresWithoutAWrite() throws Exception {
        HttpResponse<String> held = post(base, "x".getBytes(StandardCharsets.UTF_8),
                "x-prefer-acknowledge-uri", "true", "x-nifi-transfer-protocol-version", "3");
        URI hold = URI.create(base).resolve(held.headers().firstValue("Location").orElseThrow());

        assertThat(task.pendingHolds()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> task.pendingHolds() == 0);
        assertThat(HTTP.send(HttpRequest.newBuilder(hold).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        assertThat(driver.polled()).isEmpty();
    }

    @Test
    void aTruncatedPackageIsRefusedAndLeavesNothing() throws Exception {
        byte[] full = FlowFileV3Writer.encode(NiFiPeer.flowFiles("cut", 3));

        HttpResponse<String> response = post(base, Arrays.copyOf(full, full.length - 5), "Content-Type", "application/flowfile-v3");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Truncated FlowFile-v3 package");
        HttpResponse<String> wrongMagic = post(base, "garbage!".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/flowfile-v3");
        assertThat(wrongMagic.statusCode()).isEqualTo(400);
        assertThat(wrongMagic.body()).contains("Not in FlowFile-v3 format");
        post(base, "after".getBytes(StandardCharsets.UTF_8));
        assertThat(driver.polled()).extracting(r -> new String((byte[]) r.value(), StandardCharsets.UTF_8)).containsExactly("after");
    }

    @Test
    void backPressureAnswers503() throws Exception {
        restart("http.queue.max.records", "3");
        driver.holdAcknowledgements();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post(base, FlowFileV3Writer.encode(NiFiPeer.flowFiles("full", 3)), "Content-Type", "application/flowfile-v3");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.stored().size() == 3);

        assertThat(post(base, "more".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(503);

        driver.resumeAcknowledgements();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void headAdvertisesFormatsAndHealthcheckAnswersOk() throws Exception {
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(URI.create(base)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Accept").orElse("")).contains("application/flowfile-v3");
        assertThat(head.headers().firstValue("x-nifi-transfer-protocol-version")).hasValue("3");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).isEqualTo("OK");
    }

    @Test
    void ferrysHttpSinkPostsToThisEndpointWithAndWithoutHolds() {
        for (String hold : List.of("true", "false")) {
            Map<String, String> props = Map.of("name", "http-sink", "http.url", base, "http.hold", hold, "http.compress", hold,
                    "http.batch.max.records", "40");
            try (SinkTaskDriver<?> sink = SinkDrivers.started(new NiFiHttpSinkTask(), props, List.of(new TopicPartition("events", 0)))) {
                SinkDrivers.put(sink, 100);
            }
        }

        assertThat(driver.stored()).hasSize(200);
        SourceRecord first = driver.stored().get(0);
        assertThat(headers(first)).containsEntry("kafka.topic", "events").containsEntry("kafka.offset", "0")
                .containsEntry("kafka.key", "key-0").containsEntry("source", "test");
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).isEqualTo("value-0-0");
    }

    @Test
    void anOversizedAttributeIsRefusedNamingTheLimit() throws Exception {
        restart("http.attribute.max.bytes", "100");
        HttpResponse<String> refused = post(base, pack(Map.of("filename", "x".repeat(101)), 10), "Content-Type", "application/flowfile-v3");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("http.attribute.max.bytes");

        assertThat(post(base, pack(Map.of("filename", "x".repeat(100)), 10), "Content-Type", "application/flowfile-v3").statusCode())
                .isEqualTo(200);
        assertThat(driver.stored()).hasSize(1);
    }

    @Test
    void holdsBeyondTheirLimitGet503UntilOneExpires() throws Exception {
        restart("http.holds.max", "2");
        byte[] small = pack(Map.of("filename", "held"), 10);
        assertThat(post(base, small, HOLD).statusCode()).isEqualTo(303);
        assertThat(post(base, small, HOLD).statusCode()).isEqualTo(303);
        HttpResponse<String> refused = post(base, small, HOLD);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("http.holds.max");

        await().atMost(Duration.ofSeconds(10)).until(() -> task.pendingHolds() == 0);
        assertThat(post(base, small, HOLD).statusCode()).isEqualTo(303);
    }

    @Test
    void bytesHeldByAnUnconfirmedHoldAreFreedWhenItExpires() throws Exception {
        restart("http.held.max.bytes", "50000");
        byte[] big = pack(Map.of("filename", "big"), 30_000);
        assertThat(post(base, big, HOLD).statusCode()).isEqualTo(303);
        HttpResponse<String> refused = post(base, big, "Content-Type", "application/flowfile-v3");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("http.held.max.bytes");

        // The sender never confirms: its hold is dropped after http.hold.timeout.ms, and its bytes with it.
        await().atMost(Duration.ofSeconds(10)).until(() -> task.pendingHolds() == 0);
        assertThat(post(base, big, "Content-Type", "application/flowfile-v3").statusCode()).isEqualTo(200);
        assertThat(driver.stored()).hasSize(1);
    }

    /** One FlowFile packed by NiFi's own FlowFilePackagerV3. */
    private static byte[] pack(Map<String, String> attributes, int contentBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FlowFilePackagerV3().packageFlowFile(new ByteArrayInputStream(new byte[contentBytes]), out, attributes, contentBytes);
        return out.toByteArray();
    }

}
