package io.ferry.connect.nifi.s2s.server;

import static io.ferry.connect.nifi.testing.NiFiPeer.flowFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.testing.NiFiPeer;
import io.ferry.connect.nifi.testing.Sites;
import io.ferry.testkit.driver.PollingSourceDriver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The site's bounds against NiFi's own client: attribute lengths, open transactions, bytes held. */
class BoundedSiteTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private PollingSourceDriver source(String... more) {
        PollingSourceDriver driver = PollingSourceDriver.start(new NiFiSiteToSiteSourceTask(),
                Sites.source("nifi-in", "from-nifi", "nifi-events", more));
        closing.add(driver);
        return driver;
    }

    private SiteToSiteClient client() {
        SiteToSiteClient client = NiFiPeer.client(Sites.url(Sites.EPHEMERAL), "from-nifi", false);
        closing.add(client);
        return client;
    }

    @Test
    void anOversizedAttributeRollsTheTransactionBackNamingTheLimit() throws Exception {
        PollingSourceDriver driver = source("nifi.site.attribute.max.bytes", "100");
        FlowFile oversized = FlowFile.of(Map.of("filename", "x".repeat(101)), "content");

        assertThatThrownBy(() -> NiFiPeer.send(client(), List.of(oversized))).isInstanceOf(IOException.class)
                .hasMessageContaining("nifi.site.attribute.max.bytes");
        assertThat(Sites.site(Sites.EPHEMERAL).heldBytes()).isZero();

        NiFiPeer.send(client(), List.of(FlowFile.of(Map.of("filename", "x".repeat(100)), "content")));
        assertThat(driver.polled()).hasSize(1);
    }

    @Test
    void manyOpenTransactionsGetBackPressureUntilOneEnds() throws Exception {
        PollingSourceDriver driver = source("nifi.site.transactions.max", "5");
        SiteToSiteClient client = client();
        List<Transaction> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(client.createTransaction(TransferDirection.SEND));
        }
        assertThat(Sites.site(Sites.EPHEMERAL).openTransactions()).isEqualTo(5);

        assertThatThrownBy(() -> NiFiPeer.send(client, flowFiles("refused", 1))).isInstanceOf(IOException.class);

        open.get(0).cancel("done waiting");
        NiFiPeer.send(client, flowFiles("accepted", 1));
        assertThat(driver.polled()).extracting(r -> r.headers().lastWithName("batch").value()).containsExactly("accepted");
    }

    @Test
    void aSenderStoppingMidTransferHoldsBytesOnlyUntilTheTransactionTimesOut() throws Exception {
        PollingSourceDriver driver = source("nifi.site.held.max.bytes", "300000", "nifi.site.transaction.ttl.seconds", "2");
        Transaction stalled = client().createTransaction(TransferDirection.SEND);
        byte[] kilobyte = new byte[1024];
        for (int i = 0; i < 200; i++) {
            stalled.send(kilobyte, Map.of("filename", "stalled-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Sites.site(Sites.EPHEMERAL).heldBytes() > 100_000);

        List<FlowFile> big = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            big.add(new FlowFile(Map.of("filename", "big-" + i), kilobyte));
        }
        assertThatThrownBy(() -> NiFiPeer.send(client(), big)).isInstanceOf(IOException.class);

        // The stalled sender says nothing more: after the TTL its request is cut off and what it held is freed.
        await().atMost(Duration.ofSeconds(15)).until(() -> Sites.site(Sites.EPHEMERAL).heldBytes() == 0);
        NiFiPeer.send(client(), big);
        assertThat(driver.polled()).hasSize(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Sites.site(Sites.EPHEMERAL).heldBytes() == 0);
    }

    @Test
    void limitsAreValidatedNamingTheKey() {
        assertThatThrownBy(() -> new SiteToSiteSourceConfig(Sites.source("nifi-in", "from-nifi", "nifi-events",
                "nifi.site.transactions.max", "0"))).isInstanceOf(ConfigException.class).hasMessageContaining("nifi.site.transactions.max");
    }
}
