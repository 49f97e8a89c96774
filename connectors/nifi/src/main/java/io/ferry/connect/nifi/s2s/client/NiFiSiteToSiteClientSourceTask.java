package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.mapping.FlowFileToRecord;
import io.ferry.connect.nifi.mapping.MappingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.apache.nifi.remote.protocol.DataPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receive transaction at a time: {@code poll()} reads its FlowFiles and returns them as records,
 * then holds the transaction open until Kafka acknowledged every record; only then does it confirm
 * the transaction to NiFi (checksum and commit), which is when NiFi drops the FlowFiles. If Kafka
 * is slower than NiFi's transaction TTL, NiFi sends them again (at least once).
 */
public class NiFiSiteToSiteClientSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(NiFiSiteToSiteClientSourceTask.class);
    private static final long ACK_WAIT_MS = 200;

    private final Object monitor = new Object();
    private final Set<SourceRecord> unacknowledged = Collections.newSetFromMap(new IdentityHashMap<>());
    private SiteToSiteClient client;
    private FlowFileToRecord mapping;
    private long pollIntervalMs;
    private String target;
    private Transaction open;
    private volatile boolean stopping;

    @Override
    public void start(Map<String, String> props) {
        ClientSourceConfig config = new ClientSourceConfig(props);
        mapping = MappingConfig.flowFileToRecord(config, config.getString(ClientSourceConfig.TOPIC));
        pollIntervalMs = config.getLong(ClientSourceConfig.POLL_INTERVAL_MS);
        target = RemoteSiteConfig.describe(config);
        SiteToSiteClient.Builder builder = RemoteSiteConfig.builder(config);
        int batchCount = config.getInt(ClientSourceConfig.REQUEST_BATCH_COUNT);
        if (batchCount > 0) {
            builder.requestBatchCount(batchCount);
        }
        client = builder.build();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (open != null && !confirmWhenAcknowledged()) {
            return null;
        }
        Transaction transaction;
        try {
            transaction = client.createTransaction(TransferDirection.RECEIVE);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot start a transaction with {}: {}", target, e.getMessage());
            idle();
            return null;
        }
        if (transaction == null) {
            idle();
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        try {
            for (DataPacket packet = transaction.receive(); packet != null; packet = transaction.receive()) {
                try (InputStream data = packet.getData()) {
                    records.add(mapping.toRecord(new FlowFile(packet.getAttributes(), data.readNBytes((int) packet.getSize())), null, null));
                }
            }
            if (records.isEmpty()) {
                transaction.confirm();
                transaction.complete();
                idle();
                return null;
            }
        } catch (IOException | RuntimeException e) {
            SiteToSiteClients.cancel(transaction, e, target);
            throw new RetriableException("Receiving from " + target + " failed: " + e.getMessage(), e);
        }
        synchronized (monitor) {
            unacknowledged.addAll(records);
        }
        open = transaction;
        return records;
    }

    /** Confirms the open transaction once its records are acknowledged; false while some are not. */
    private boolean confirmWhenAcknowledged() throws InterruptedException {
        synchronized (monitor) {
            if (!unacknowledged.isEmpty()) {
                monitor.wait(ACK_WAIT_MS);
                if (!unacknowledged.isEmpty()) {
                    return false;
                }
            }
        }
        Transaction transaction = open;
        open = null;
        try {
            transaction.confirm();
            transaction.complete();
        } catch (IOException | RuntimeException e) {
            log.warn("NiFi did not accept the confirmation of a transaction from {} ({}); it will send those FlowFiles again",
                    target, e.getMessage());
        }
        return true;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        synchronized (monitor) {
            if (unacknowledged.remove(record) && unacknowledged.isEmpty()) {
                monitor.notifyAll();
            }
        }
    }

    private void idle() throws InterruptedException {
        synchronized (monitor) {
            if (!stopping) {
                monitor.wait(pollIntervalMs);
            }
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
        }
        SiteToSiteClients.close(client);
    }

    @Override
    public String version() {
        return Version.get();
    }
}
