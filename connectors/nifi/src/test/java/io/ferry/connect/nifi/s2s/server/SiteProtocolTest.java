package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.connect.nifi.s2s.server.site.PortIdentity;
import io.ferry.connect.nifi.s2s.server.site.SiteRegistry;
import io.ferry.connect.nifi.testing.SinkDrivers;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.driver.PollingSourceDriver;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The site's HTTP surface, sharing and port ownership, checked with raw requests. */
class SiteProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private PollingSourceDriver source(String connector, String port) {
        PollingSourceDriver driver = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(), Sites.source(connector, port, "t"));
        closing.add(driver);
        return driver;
    }

    private SinkTaskDriver<?> sink(String connector, String port) {
        SinkTaskDriver<?> driver = SinkDrivers.started(new NiFiSiteToSiteSinkTask(), Sites.sink(connector, port),
                List.of(new TopicPartition("events", 0)));
        closing.add(driver);
        return driver;
    }

    private static String api() {
        return "http://localhost:" + Sites.site(Sites.EPHEMERAL).port() + "/nifi-api";
    }

    @Test
    void connectorsShareOneSiteThatListsTheirPortsAndStopsWithTheLast() throws Exception {
        PollingSourceDriver source = source("nifi-in", "from-nifi");
        SinkTaskDriver<?> sink = sink("nifi-out", "to-nifi");

        HttpResponse<byte[]> response = Sites.request("GET", api() + "/site-to-site");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-nifi-site-to-site-protocol-version")).hasValue("1");
        JsonNode controller = JSON.readTree(response.body()).get("controller");
        assertThat(controller.get("remoteSiteHttpListeningPort").asInt()).isEqualTo(Sites.site(Sites.EPHEMERAL).port());
        assertThat(controller.get("siteToSiteSecure").asBoolean()).isFalse();
        assertThat(controller.get("inputPorts").get(0).get("name").asText()).isEqualTo("from-nifi");
        assertThat(controller.get("inputPorts").get(0).get("id").asText()).isEqualTo(PortIdentity.of("from-nifi", "", true).id());
        assertThat(controller.get("outputPorts").get(0).get("name").asText()).isEqualTo("to-nifi");

        JsonNode peers = JSON.readTree(Sites.request("GET", api() + "/site-to-site/peers").body()).get("peers");
        assertThat(peers).hasSize(1);
        assertThat(peers.get(0).get("hostname").asText()).isEqualTo("localhost");
        assertThat(peers.get(0).get("port").asInt()).isEqualTo(Sites.site(Sites.EPHEMERAL).port());

        source.close();
        closing.remove(source);
        JsonNode after = JSON.readTree(Sites.request("GET", api() + "/site-to-site").body()).get("controller");
        assertThat(after.get("inputPorts")).isEmpty();
        assertThat(after.get("outputPorts")).hasSize(1);

        sink.close();
        closing.remove(sink);
        assertThat(SiteRegistry.find(Sites.EPHEMERAL)).isNull();
    }

    @Test
    void requestsWithoutTheProtocolVersionAreRefused() throws Exception {
        source("nifi-in", "from-nifi");

        HttpResponse<byte[]> response = Sites.request("GET", api() + "/site-to-site", false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Sites.text(response)).contains("x-nifi-site-to-site-protocol-version");
    }

    @Test
    void unknownPortsAndTransactionsAre404() throws Exception {
        String portId = PortIdentity.of("from-nifi", "", true).id();
        source("nifi-in", "from-nifi");

        HttpResponse<byte[]> unknownPort = Sites.request("POST", api() + "/data-transfer/input-ports/nope/transactions");
        assertThat(unknownPort.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknownPort.body()).get("responseCode").asInt()).isEqualTo(200);

        HttpResponse<byte[]> unknownTransaction = Sites.request("PUT", api() + "/data-transfer/input-ports/" + portId + "/transactions/nope");
        assertThat(unknownTransaction.statusCode()).isEqualTo(404);
    }

    @Test
    void aPutExtendsATransaction() throws Exception {
        source("nifi-in", "from-nifi");
        String portId = PortIdentity.of("from-nifi", "", true).id();
        String transaction = Sites.request("POST", api() + "/data-transfer/input-ports/" + portId + "/transactions")
                .headers().firstValue("Location").orElseThrow();

        HttpResponse<byte[]> extended = Sites.request("PUT", transaction);
        assertThat(extended.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(extended.body()).get("responseCode").asInt()).isEqualTo(10);

        HttpResponse<byte[]> cancelled = Sites.request("DELETE", transaction + "?responseCode=15");
        assertThat(JSON.readTree(cancelled.body()).get("responseCode").asInt()).isEqualTo(15);
        assertThat(Sites.request("PUT", transaction).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherConnectorCannotTakeAPortName() {
        source("nifi-in", "from-nifi");

        assertThatThrownBy(() -> source("other", "from-nifi"))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("nifi-in");
    }

    @Test
    void tasksOfOneConnectorServeTheSamePort() throws Exception {
        source("nifi-in", "from-nifi");
        source("nifi-in", "from-nifi");

        JsonNode controller = JSON.readTree(Sites.request("GET", api() + "/site-to-site").body()).get("controller");
        assertThat(controller.get("inputPorts")).hasSize(1);
    }

    @Test
    void connectorsOnOneListenerMustAgreeOnTheSite() {
        source("nifi-in", "from-nifi");
        var other = new NiFiSiteToSiteSourceTask();

        assertThatThrownBy(() -> PollingSourceDriver.start(other, Sites.source("other", "p2", "t", "nifi.site.transaction.ttl.seconds", "5")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("other settings");
    }

    @Test
    void configurationMistakesNameTheKey() {
        assertThatThrownBy(() -> new SiteToSiteSourceConfig(Sites.source("c", "p", "t", "nifi.site.listener", "localhost:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nifi.site.listener");
        assertThatThrownBy(() -> new SiteToSiteSourceConfig(Sites.source("c", "p", "t", "nifi.site.listener", "https://localhost:8443")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nifi.site.ssl.keystore.location");
        assertThatThrownBy(() -> new SiteToSiteSinkConfig(Sites.sink("c", "p", "header.attribute.regex", "x", "headers.as.attributes.regex", "(")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("headers.as.attributes.regex");
    }
}
