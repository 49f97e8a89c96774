package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.SinkDrivers;
import io.ferry.testkit.driver.SinkTaskDriver;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.driver.PollingSourceDriver;
import io.ferry.connect.nifi.testing.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.nifi.remote.client.KeystoreType;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https site requiring client certificates, with NiFi's client presenting one (or not). */
class SecureSiteTest {

    private static final String LISTENER = "https://localhost:0";

    @TempDir
    Path dir;

    private TestCertificates certificates;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void certificates() throws Exception {
        certificates = new TestCertificates(dir);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private String[] tls() {
        return new String[] {"nifi.site.listener", LISTENER,
                "nifi.site.ssl.keystore.location", certificates.serverKeystore().toString(),
                "nifi.site.ssl.keystore.password", TestCertificates.PASSWORD,
                "nifi.site.ssl.truststore.location", certificates.serverTruststore().toString(),
                "nifi.site.ssl.truststore.password", TestCertificates.PASSWORD,
                "nifi.site.ssl.client.auth", "required"};
    }

    private SiteToSiteClient client(String port, boolean withCertificate) {
        SiteToSiteClient.Builder builder = NiFiPeer.builder("https://localhost:" + Sites.site(LISTENER).port() + "/nifi", port)
                .truststoreFilename(certificates.clientTruststore().toString())
                .truststorePass(TestCertificates.PASSWORD)
                .truststoreType(KeystoreType.PKCS12);
        if (withCertificate) {
            builder.keystoreFilename(certificates.clientKeystore().toString())
                    .keystorePass(TestCertificates.PASSWORD)
                    .keystoreType(KeystoreType.PKCS12);
        }
        SiteToSiteClient client = builder.build();
        closing.add(client);
        return client;
    }

    @Test
    void flowFilesTravelBothWaysOverHttpsWithClientCertificates() throws Exception {
        PollingSourceDriver source = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(), Sites.source("in", "from-nifi", "t", tls()));
        closing.add(source);
        SinkTaskDriver<?> sink = SinkDrivers.started(new NiFiSiteToSiteSinkTask(), Sites.sink("out", "to-nifi", tls()),
                List.of(new TopicPartition("events", 0)));
        closing.add(sink);
        SinkDrivers.put(sink, 20);

        NiFiPeer.send(client("from-nifi", true), NiFiPeer.flowFiles("tls", 20));
        List<FlowFile> received = NiFiPeer.receive(client("to-nifi", true));

        assertThat(source.stored()).hasSize(20);
        assertThat(received).hasSize(20);
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        PollingSourceDriver source = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(), Sites.source("in", "from-nifi", "t", tls()));
        closing.add(source);

        assertThatThrownBy(() -> NiFiPeer.send(client("from-nifi", false), NiFiPeer.flowFiles("anonymous", 1)))
                .isInstanceOf(Exception.class);
        assertThat(source.polled()).isEmpty();
    }
}
