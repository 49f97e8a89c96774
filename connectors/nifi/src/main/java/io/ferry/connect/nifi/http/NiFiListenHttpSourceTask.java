package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.flowfile.AttributeLimit;
import io.ferry.connect.nifi.handoff.HeldBytes;
import io.ferry.connect.nifi.handoff.SourceHandoff;
import io.ferry.connect.nifi.mapping.MappingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ListenHTTP endpoint and hands its FlowFiles to poll(); see {@link ListenHttpHandler}. */
public class NiFiListenHttpSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(NiFiListenHttpSourceTask.class);
    private static final Duration POLL_WAIT = Duration.ofMillis(500);

    private SourceHandoff handoff;
    private Holds holds;
    private Server server;

    @Override
    public void start(Map<String, String> props) {
        ListenHttpSourceConfig config = new ListenHttpSourceConfig(props);
        handoff = new SourceHandoff(MappingConfig.flowFileToRecord(config, config.getString(ListenHttpSourceConfig.TOPIC)),
                Duration.ofMillis(config.getLong(ListenHttpSourceConfig.ACK_TIMEOUT_MS)),
                config.getInt(ListenHttpSourceConfig.QUEUE_MAX_RECORDS),
                config.getLong(ListenHttpSourceConfig.REQUEST_MAX_BYTES),
                config.getInt(ListenHttpSourceConfig.POLL_MAX_RECORDS));
        handoff.useTransactions(context.transactionContext());
        HeldBytes budget = new HeldBytes(config.getLong(ListenHttpSourceConfig.HELD_MAX_BYTES), ListenHttpSourceConfig.HELD_MAX_BYTES);
        holds = new Holds(Duration.ofMillis(config.getLong(ListenHttpSourceConfig.HOLD_TIMEOUT_MS)),
                config.getInt(ListenHttpSourceConfig.HOLDS_MAX), budget);
        server = HttpServers.create(config.listener(), config.tls(), "listen-http-" + HttpServers.bindPort(config.listener()),
                new ListenHttpHandler(config.basePath(), handoff, holds, config.getLong(ListenHttpSourceConfig.REQUEST_MAX_BYTES), budget,
                        new AttributeLimit(config.getInt(ListenHttpSourceConfig.ATTRIBUTE_MAX_BYTES), ListenHttpSourceConfig.ATTRIBUTE_MAX_BYTES)));
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw new ConnectException("Cannot listen on " + config.listener() + ": " + e.getMessage(), e);
        }
        log.info("ListenHTTP endpoint on {}{} (port {})", config.listener(), config.basePath(), HttpServers.localPort(server));
    }

    /** The port listened on (for tests with port 0). */
    public int port() {
        return HttpServers.localPort(server);
    }

    /** Holds waiting for their sender's confirmation (for tests). */
    int pendingHolds() {
        return holds.size();
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
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("The ListenHTTP endpoint did not stop cleanly: {}", e.toString());
            }
            server = null;
        }
        if (holds != null) {
            holds.close();
        }
        if (handoff != null) {
            handoff.close();
        }
    }

    @Override
    public String version() {
        return Version.get();
    }
}
