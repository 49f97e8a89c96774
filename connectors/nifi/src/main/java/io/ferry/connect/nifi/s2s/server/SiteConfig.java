package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.http.TlsConfig;
import io.ferry.connect.nifi.http.TlsSettings;
import io.ferry.connect.nifi.s2s.server.site.PortIdentity;
import io.ferry.connect.nifi.s2s.server.site.SiteLimits;
import io.ferry.connect.nifi.s2s.server.site.SiteSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The {@code nifi.site.*} keys (the site a connector's port lives on) and the port keys. */
public final class SiteConfig {

    private static final String SITE_GROUP = "NiFi site";
    private static final String PORT_GROUP = "NiFi port";

    public static final String LISTENER = "nifi.site.listener";
    public static final String ADVERTISED_HOST = "nifi.site.advertised.host";
    public static final String ADVERTISED_PORT = "nifi.site.advertised.port";
    public static final String TRANSACTION_TTL_SECONDS = "nifi.site.transaction.ttl.seconds";
    public static final String TRANSACTIONS_MAX = SiteLimits.TRANSACTIONS_MAX_KEY;
    public static final String HELD_MAX_BYTES = SiteLimits.HELD_MAX_BYTES_KEY;
    public static final String ATTRIBUTE_MAX_BYTES = SiteLimits.ATTRIBUTE_MAX_BYTES_KEY;

    /** Prefix of the TLS keys of an https listener (see {@link TlsConfig}). */
    public static final String SSL_PREFIX = "nifi.site.ssl.";

    public static final String PORT_NAME = "nifi.port.name";
    public static final String PORT_ID = "nifi.port.id";

    public static final String DEFAULT_LISTENER = "http://localhost:8081";

    private static final ConfigDef.Validator LISTENER_URL = (name, value) -> {
        try {
            SiteSettings.parseListener((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    };

    private SiteConfig() {
    }

    /** Adds the site and port keys to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(PORT_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The port's name, as NiFi users pick it in a Remote Process Group (e.g. from-nifi).",
                        PORT_GROUP, order++, Width.MEDIUM, PORT_NAME)
                .define(PORT_ID, Type.STRING, "", Importance.LOW,
                        "The port's id (a UUID). Default: derived from the name, the same across restarts.",
                        PORT_GROUP, order++, Width.MEDIUM, PORT_ID);
        order = 0;
        def.define(LISTENER, Type.STRING, DEFAULT_LISTENER, LISTENER_URL, Importance.HIGH,
                        "Where the NiFi site listens: http://host:port or https://host:port (empty host or 0.0.0.0: every "
                                + "interface). NiFi's Remote Process Groups use this URL with /nifi appended. Connectors with the "
                                + "same listener share one site and must agree on every nifi.site.* setting.",
                        SITE_GROUP, order++, Width.LONG, LISTENER)
                .define(ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
                        "The host name NiFi peers are told to connect to. Default: the listener's host, or this machine's name.",
                        SITE_GROUP, order++, Width.MEDIUM, ADVERTISED_HOST)
                .define(ADVERTISED_PORT, Type.INT, 0, ConfigDef.Range.between(0, 65535), Importance.LOW,
                        "The port NiFi peers are told to connect to (behind NAT or a proxy). Default 0: the listener's port.",
                        SITE_GROUP, order++, Width.SHORT, ADVERTISED_PORT)
                .define(TRANSACTION_TTL_SECONDS, Type.INT, 30, ConfigDef.Range.atLeast(2), Importance.LOW,
                        "Seconds an idle transaction lives; clients extend it every half of that. Abandoned transactions "
                                + "are rolled back after it (NiFi's default: 30).",
                        SITE_GROUP, order++, Width.SHORT, TRANSACTION_TTL_SECONDS)
                .define(TRANSACTIONS_MAX, Type.INT, SiteLimits.DEFAULT.maxTransactions(), ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Open transactions the site holds at once (all ports, both directions); a client asking for more gets "
                                + "503, NiFi's answer for a full destination, and tries again later.",
                        SITE_GROUP, order++, Width.SHORT, TRANSACTIONS_MAX)
                .define(HELD_MAX_BYTES, Type.LONG, SiteLimits.DEFAULT.maxHeldBytes(), ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Bytes of FlowFiles (content and attributes) the site holds in memory for its input ports: received and "
                                + "not yet in Kafka. A transaction that would go over it is rolled back with 503 and sent again later.",
                        SITE_GROUP, order++, Width.SHORT, HELD_MAX_BYTES)
                .define(ATTRIBUTE_MAX_BYTES, Type.INT, SiteLimits.DEFAULT.maxAttributeBytes(), ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The longest FlowFile attribute key or value (UTF-8 bytes) an input port accepts; a transaction with a "
                                + "longer one is rolled back with 400, naming this key.",
                        SITE_GROUP, order++, Width.SHORT, ATTRIBUTE_MAX_BYTES);
        return TlsConfig.define(def, SSL_PREFIX, SITE_GROUP, order);
    }

    /**
     * The site settings of a parsed configuration.
     *
     * @throws ConfigException naming the key if they are inconsistent (https without a keystore)
     */
    public static SiteSettings siteSettings(AbstractConfig config) {
        var listener = SiteSettings.parseListener(config.getString(LISTENER));
        TlsSettings tls = TlsConfig.parse(config, SSL_PREFIX, LISTENER, listener.getScheme());
        String advertisedHost = config.getString(ADVERTISED_HOST);
        return new SiteSettings(listener, advertisedHost.isBlank() ? null : advertisedHost, config.getInt(ADVERTISED_PORT),
                config.getInt(TRANSACTION_TTL_SECONDS), tls,
                new SiteLimits(config.getInt(TRANSACTIONS_MAX), config.getLong(HELD_MAX_BYTES), config.getInt(ATTRIBUTE_MAX_BYTES)));
    }

    public static PortIdentity portIdentity(AbstractConfig config, boolean input) {
        return PortIdentity.of(config.getString(PORT_NAME), config.getString(PORT_ID), input);
    }
}
