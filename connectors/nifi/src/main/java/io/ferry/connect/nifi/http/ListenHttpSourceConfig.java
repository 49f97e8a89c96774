package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.mapping.MappingConfig;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of {@link NiFiListenHttpSourceConnector}: a ListenHTTP-compatible endpoint feeding a topic. */
public final class ListenHttpSourceConfig extends AbstractConfig {

    private static final String GROUP = "ListenHTTP";

    public static final String TOPIC = "topic";
    public static final String LISTENER = "http.listener";
    public static final String BASE_PATH = "http.base.path";
    public static final String ACK_TIMEOUT_MS = "http.ack.timeout.ms";
    public static final String HOLD_TIMEOUT_MS = "http.hold.timeout.ms";
    public static final String QUEUE_MAX_RECORDS = "http.queue.max.records";
    public static final String REQUEST_MAX_BYTES = "http.request.max.bytes";
    public static final String POLL_MAX_RECORDS = "http.poll.max.records";
    public static final String HOLDS_MAX = "http.holds.max";
    public static final String HELD_MAX_BYTES = "http.held.max.bytes";
    public static final String ATTRIBUTE_MAX_BYTES = "http.attribute.max.bytes";
    public static final String SSL_PREFIX = "http.ssl.";

    public static final ConfigDef CONFIG_DEF = define();

    private static final ConfigDef.Validator LISTENER_URL = (name, value) -> {
        try {
            HttpServers.parseListener((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    };

    public ListenHttpSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        tls();
    }

    public URI listener() {
        return HttpServers.parseListener(getString(LISTENER));
    }

    /** The TLS settings, or null for an http listener. */
    public TlsSettings tls() {
        return TlsConfig.parse(this, SSL_PREFIX, LISTENER, listener().getScheme());
    }

    /** The base path with a leading slash and no trailing one, e.g. {@code /contentListener}. */
    public String basePath() {
        String path = getString(BASE_PATH).trim();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static ConfigDef define() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The topic received FlowFiles are written to (see topic.name.attribute).", GROUP, order++, Width.MEDIUM, TOPIC)
                .define(LISTENER, Type.STRING, "http://localhost:8082", LISTENER_URL, Importance.HIGH,
                        "Where to listen: http://host:port or https://host:port (empty host or 0.0.0.0: every interface).",
                        GROUP, order++, Width.LONG, LISTENER)
                .define(BASE_PATH, Type.STRING, "contentListener", Importance.MEDIUM,
                        "The base path, as ListenHTTP's 'Base Path': POST/HEAD /<base>, DELETE /<base>/holds/<id>, GET /<base>/healthcheck.",
                        GROUP, order++, Width.MEDIUM, BASE_PATH)
                .define(ACK_TIMEOUT_MS, Type.LONG, 15_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long a request (or a hold's confirmation) waits for Kafka to acknowledge its records before it is answered 500.",
                        GROUP, order++, Width.SHORT, ACK_TIMEOUT_MS)
                .define(HOLD_TIMEOUT_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long FlowFiles held for a sender's confirmation (the 303 hold protocol) wait before they are dropped.",
                        GROUP, order++, Width.SHORT, HOLD_TIMEOUT_MS)
                .define(QUEUE_MAX_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Back pressure: with this many FlowFiles not yet acknowledged by Kafka, new requests get 503.",
                        GROUP, order++, Width.SHORT, QUEUE_MAX_RECORDS)
                .define(REQUEST_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The largest request body accepted (after gzip); FlowFiles wait in memory until Kafka has them.",
                        GROUP, order++, Width.SHORT, REQUEST_MAX_BYTES)
                .define(POLL_MAX_RECORDS, Type.INT, 2_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The most records one poll() returns; a NiFi transaction is never split (a larger one is returned alone).", GROUP, order++, Width.SHORT, POLL_MAX_RECORDS)
                .define(HOLDS_MAX, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Holds (the 303 hold protocol) waiting for their sender's confirmation at once; a request beyond it gets 503.",
                        GROUP, order++, Width.SHORT, HOLDS_MAX)
                .define(HELD_MAX_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Bytes of FlowFiles (content and attributes) held in memory: in holds and in requests waiting for Kafka. "
                                + "A request that would go over it gets 503.",
                        GROUP, order++, Width.SHORT, HELD_MAX_BYTES)
                .define(ATTRIBUTE_MAX_BYTES, Type.INT, 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The longest FlowFile attribute key or value (UTF-8 bytes) of a FlowFile-v3 package; a longer one gets 400 "
                                + "naming this key.",
                        GROUP, order++, Width.SHORT, ATTRIBUTE_MAX_BYTES);
        TlsConfig.define(def, SSL_PREFIX, GROUP, order);
        MappingConfig.defineFlowFileToRecord(def);
        return def;
    }
}
