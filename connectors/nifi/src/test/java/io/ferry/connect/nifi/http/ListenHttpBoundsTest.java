package io.ferry.connect.nifi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.testkit.driver.PollingSourceDriver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.util.FlowFilePackagerV3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ListenHTTP source's bounds: attribute lengths, holds, and bytes held; packages from NiFi's own packager. */
class ListenHttpBoundsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String[] HOLD = {"Content-Type", "application/flowfile-v3", "x-prefer-acknowledge-uri", "true",
            "x-nifi-transfer-protocol-version", "3"};

    private NiFiListenHttpSourceTask task;
    private PollingSourceDriver driver;
    private String base;

    private void start(String... more) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("name", "listen", "topic", "http-events",
                "http.listener", "http://localhost:0", "http.hold.timeout.ms", "1000"));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        task = new NiFiListenHttpSourceTask();
        driver = PollingSourceDriver.start(task, props);
        base = "http://localhost:" + task.port() + "/contentListener";
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void anOversizedAttributeIsRefusedNamingTheLimit() throws Exception {
        start("http.attribute.max.bytes", "100");
        HttpResponse<String> refused = post(pack(Map.of("filename", "x".repeat(101)), 10), "Content-Type", "application/flowfile-v3");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("http.attribute.max.bytes");

        assertThat(post(pack(Map.of("filename", "x".repeat(100)), 10), "Content-Type", "application/flowfile-v3").statusCode())
                .isEqualTo(200);
        assertThat(driver.stored()).hasSize(1);
    }

    @Test
    void holdsBeyondTheirLimitGet503UntilOneExpires() throws Exception {
        start("http.holds.max", "2");
        byte[] small = pack(Map.of("filename", "held"), 10);
        assertThat(post(small, HOLD).statusCode()).isEqualTo(303);
        assertThat(post(small, HOLD).statusCode()).isEqualTo(303);
        HttpResponse<String> refused = post(small, HOLD);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("http.holds.max");

        await().atMost(Duration.ofSeconds(10)).until(() -> task.pendingHolds() == 0);
        assertThat(post(small, HOLD).statusCode()).isEqualTo(303);
    }

    @Test
    void bytesHeldByAnUnconfirmedHoldAreFreedWhenItExpires() throws Exception {
        start("http.held.max.bytes", "50000");
        byte[] big = pack(Map.of("filename", "big"), 30_000);
        assertThat(post(big, HOLD).statusCode()).isEqualTo(303);
        HttpResponse<String> refused = post(big, "Content-Type", "application/flowfile-v3");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("http.held.max.bytes");

        // The sender never confirms: its hold is dropped after http.hold.timeout.ms, and its bytes with it.
        await().atMost(Duration.ofSeconds(10)).until(() -> task.pendingHolds() == 0);
        assertThat(post(big, "Content-Type", "application/flowfile-v3").statusCode()).isEqualTo(200);
        assertThat(driver.stored()).hasSize(1);
    }

    private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).headers(headers).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One FlowFile packed by NiFi's own FlowFilePackagerV3. */
    private static byte[] pack(Map<String, String> attributes, int contentBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FlowFilePackagerV3().packageFlowFile(new ByteArrayInputStream(new byte[contentBytes]), out, attributes, contentBytes);
        return out.toByteArray();
    }
}
