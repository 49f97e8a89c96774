package io.ferry.connect.nifi.testing;

import static org.awaitility.Awaitility.await;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.apache.nifi.remote.protocol.DataPacket;
import org.apache.nifi.remote.protocol.SiteToSiteTransportProtocol;

/** NiFi's own Site-to-Site client (1.28.1, HTTP transport), the way a NiFi instance talks to a site. */
public final class NiFiPeer {

    private NiFiPeer() {
    }

    public static SiteToSiteClient client(String url, String portName, boolean compress) {
        return builder(url, portName).useCompression(compress).build();
    }

    public static SiteToSiteClient.Builder builder(String url, String portName) {
        return new SiteToSiteClient.Builder()
                .url(url)
                .portName(portName)
                .transportProtocol(SiteToSiteTransportProtocol.HTTP)
                .timeout(30, TimeUnit.SECONDS)
                .cacheExpiration(1, TimeUnit.SECONDS)
                .nodePenalizationPeriod(10, TimeUnit.MILLISECONDS);
    }

    /** Sends {@code flowFiles} in one transaction: send, confirm (CRC check), complete (commit). */
    public static void send(SiteToSiteClient client, List<FlowFile> flowFiles) throws IOException {
        Transaction transaction = client.createTransaction(TransferDirection.SEND);
        if (transaction == null) {
            throw new IOException("No transaction: the site offered no peer");
        }
        for (FlowFile flowFile : flowFiles) {
            transaction.send(flowFile.content(), flowFile.attributes());
        }
        transaction.confirm();
        transaction.complete();
    }

    /**
     * Sends {@code flowFiles} in one transaction until it is confirmed, as a Remote Process Group does (a transaction
     * NiFi could not complete is rolled back and sent again); returns how many attempts failed.
     */
    public static int sendUntilConfirmed(SiteToSiteClient client, List<FlowFile> flowFiles) {
        int[] failed = {0};
        await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                send(client, flowFiles);
                return true;
            } catch (IOException | RuntimeException e) {
                failed[0]++;
                return false;
            }
        });
        return failed[0];
    }

    /** Receives one transaction's FlowFiles (possibly none) and confirms it. */
    public static List<FlowFile> receive(SiteToSiteClient client) throws IOException {
        Transaction transaction = client.createTransaction(TransferDirection.RECEIVE);
        List<FlowFile> received = new ArrayList<>();
        if (transaction == null) {
            return received;
        }
        for (DataPacket packet = transaction.receive(); packet != null; packet = transaction.receive()) {
            try (InputStream data = packet.getData()) {
                received.add(new FlowFile(packet.getAttributes(), data.readNBytes((int) packet.getSize())));
            }
        }
        transaction.confirm();
        transaction.complete();
        return received;
    }

    /** {@code count} FlowFiles with a few attributes each and small text contents. */
    public static List<FlowFile> flowFiles(String prefix, int count) {
        List<FlowFile> flowFiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("filename", prefix + "-" + i + ".txt");
            attributes.put("kafka.key", prefix + "-key-" + i);
            attributes.put("batch", prefix);
            attributes.put("index", String.valueOf(i));
            flowFiles.add(FlowFile.of(attributes, prefix + " content " + i));
        }
        return flowFiles;
    }
}
