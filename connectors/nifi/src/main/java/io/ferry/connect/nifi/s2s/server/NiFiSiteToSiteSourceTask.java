package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.handoff.SourceHandoff;
import io.ferry.connect.nifi.mapping.MappingConfig;
import io.ferry.connect.nifi.s2s.server.site.Registration;
import io.ferry.connect.nifi.s2s.server.site.Site;
import io.ferry.connect.nifi.s2s.server.site.SiteRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Serves one input port on a shared site. Confirmed transactions reach {@link #poll()}; each
 * record's acknowledgement ({@link #commitRecord}) counts towards its transaction, whose commit is
 * answered once all its records are in Kafka.
 */
public class NiFiSiteToSiteSourceTask extends SourceTask {

    private static final Duration POLL_WAIT = Duration.ofMillis(500);

    private Site site;
    private Registration registration;
    private SourceHandoff handoff;

    @Override
    public void start(Map<String, String> props) {
        SiteToSiteSourceConfig config = new SiteToSiteSourceConfig(props);
        handoff = new SourceHandoff(MappingConfig.flowFileToRecord(config, config.getString(SiteToSiteSourceConfig.TOPIC)),
                Duration.ofMillis(config.getLong(SiteToSiteSourceConfig.ACK_TIMEOUT_MS)),
                config.getInt(SiteToSiteSourceConfig.QUEUE_MAX_RECORDS),
                config.getLong(SiteToSiteSourceConfig.TRANSACTION_MAX_BYTES),
                config.getInt(SiteToSiteSourceConfig.POLL_MAX_RECORDS));
        try {
            site = SiteRegistry.acquire(SiteConfig.siteSettings(config));
        } catch (Exception e) {
            throw new ConnectException("Cannot start the NiFi site on " + config.getString(SiteConfig.LISTENER) + ": " + e.getMessage(), e);
        }
        try {
            registration = site.registerInputPort(SiteConfig.portIdentity(config, true), props.getOrDefault("name", "unnamed"), handoff);
        } catch (IllegalStateException e) {
            SiteRegistry.release(site);
            site = null;
            throw new ConnectException(e.getMessage(), e);
        }
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
        if (registration != null) {
            registration.close();
            registration = null;
        }
        if (handoff != null) {
            handoff.close();
        }
        if (site != null) {
            SiteRegistry.release(site);
            site = null;
        }
    }

    @Override
    public String version() {
        return Version.get();
    }
}
