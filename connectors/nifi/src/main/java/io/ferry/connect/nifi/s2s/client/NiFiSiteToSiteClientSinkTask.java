package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.mapping.MappingConfig;
import io.ferry.connect.nifi.mapping.RecordToFlowFile;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.nifi.remote.Transaction;
import org.apache.nifi.remote.TransferDirection;
import org.apache.nifi.remote.client.SiteToSiteClient;

/**
 * Sends each {@code put()} batch in Site-to-Site transactions and returns only after NiFi confirmed
 * them (checksum compared, commit answered), so the worker commits only delivered offsets. Any
 * failure cancels the transaction and asks the worker to deliver the batch again.
 */
public class NiFiSiteToSiteClientSinkTask extends SinkTask {

    private SiteToSiteClient client;
    private RecordToFlowFile mapping;
    private int batchSize;
    private String target;

    @Override
    public void start(Map<String, String> props) {
        ClientSinkConfig config = new ClientSinkConfig(props);
        mapping = MappingConfig.recordToFlowFile(config);
        batchSize = config.getInt(ClientSinkConfig.BATCH_MAX_RECORDS);
        target = RemoteSiteConfig.describe(config);
        client = RemoteSiteConfig.builder(config).build();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        mapping.forEachBatch(records, batchSize, this::send);
    }

    private void send(List<FlowFile> flowFiles) {
        Transaction transaction;
        try {
            transaction = client.createTransaction(TransferDirection.SEND);
        } catch (IOException | RuntimeException e) {
            throw new RetriableException("Cannot start a transaction with " + target + ": " + e.getMessage(), e);
        }
        if (transaction == null) {
            throw new RetriableException("No NiFi node of " + target + " is available (all penalized or unreachable)");
        }
        try {
            for (FlowFile flowFile : flowFiles) {
                transaction.send(flowFile.content(), flowFile.attributes());
            }
            transaction.confirm();
            transaction.complete();
        } catch (IOException | RuntimeException e) {
            SiteToSiteClients.cancel(transaction, e, target);
            throw new RetriableException("Sending " + flowFiles.size() + " FlowFiles to " + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        SiteToSiteClients.close(client);
    }

    @Override
    public String version() {
        return Version.get();
    }
}
