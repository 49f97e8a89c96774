package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.handoff.SourceHandoff;
import io.ferry.connect.nifi.mapping.MappingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Serves one input port on a shared site. Confirmed transactions reach {@link #poll()}; each
 * record's acknowledgement ({@link #commitRecord}) counts towards its transaction, whose commit is
 * answered once all its records are in Kafka.
 */
public class NiFiSiteToSiteSourceTask extends SourceTask {

    private static final Duration POLL_WAIT = Duration.ofMillis(500);

    private SourceHandoff handoff;
    private SitePort port;

    @Override
    public void start(Map<String, String> props) {
        SiteToSiteSourceConfig config = new SiteToSiteSourceConfig(props);
        handoff = new SourceHandoff(MappingConfig.flowFileToRecord(config, config.getString(SiteToSiteSourceConfig.TOPIC)),
                Duration.ofMillis(config.getLong(SiteToSiteSourceConfig.ACK_TIMEOUT_MS)),
                config.getInt(SiteToSiteSourceConfig.QUEUE_MAX_RECORDS),
                config.getLong(SiteToSiteSourceConfig.TRANSACTION_MAX_BYTES),
                config.getInt(SiteToSiteSourceConfig.POLL_MAX_RECORDS));
        handoff.useTransactions(context.transactionContext());
        port = new SitePort(handoff::close);
        port.open(config, site -> site.registerInputPort(SiteConfig.portIdentity(config, true),
                props.getOrDefault("name", "unnamed"), handoff));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return handoff.poll(POLL_WAIT);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        handoff.acknowledge(record);
    }

    @Override
    public void stop() {
        if (port != null) {
            port.close();
        }
    }

    @Override
    public String version() {
        return Version.get();
    }
}
