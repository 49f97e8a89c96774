package io.ferry.connect.nifi.s2s.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.nifi.remote.client.KeystoreType;
import org.apache.nifi.remote.client.SiteToSiteClient;
import org.apache.nifi.remote.protocol.SiteToSiteTransportProtocol;

/** The remote NiFi a client connector talks to: URLs, port, transport, TLS. */
public final class RemoteSiteConfig {

    private static final String GROUP = "Remote NiFi";

    public static final String URLS = "nifi.urls";
    public static final String PORT_NAME = "nifi.port.name";
    public static final String PORT_ID = "nifi.port.id";
    public static final String TRANSPORT_PROTOCOL = "nifi.transport.protocol";
    public static final String USE_COMPRESSION = "nifi.use.compression";
    public static final String TIMEOUT_MS = "nifi.timeout.ms";
    public static final String KEYSTORE_LOCATION = "nifi.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "nifi.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "nifi.ssl.keystore.type";
    public static final String TRUSTSTORE_LOCATION = "nifi.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "nifi.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "nifi.ssl.truststore.type";

    private RemoteSiteConfig() {
    }

    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(URLS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "The remote NiFi's URLs (any nodes of a cluster), e.g. https://nifi:8443/nifi, as in a Remote Process Group.",
                        GROUP, order++, Width.LONG, URLS)
                .define(PORT_NAME, Type.STRING, "", Importance.HIGH,
                        "The remote port's name (or give nifi.port.id).", GROUP, order++, Width.MEDIUM, PORT_NAME)
                .define(PORT_ID, Type.STRING, "", Importance.LOW,
                        "The remote port's id; takes precedence over the name.", GROUP, order++, Width.MEDIUM, PORT_ID)
                .define(TRANSPORT_PROTOCOL, Type.STRING, "HTTP", ConfigDef.CaseInsensitiveValidString.in("HTTP", "RAW"), Importance.MEDIUM,
                        "HTTP (NiFi's default) or RAW (the socket port, nifi.remote.input.socket.port).", GROUP, order++, Width.SHORT, TRANSPORT_PROTOCOL)
                .define(USE_COMPRESSION, Type.BOOLEAN, false, Importance.LOW,
                        "Compress the data of transactions.", GROUP, order++, Width.SHORT, USE_COMPRESSION)
                .define(TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Communication timeout.", GROUP, order++, Width.SHORT, TIMEOUT_MS)
                .define(KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "For https: our client certificate (PKCS12 or JKS).", GROUP, order++, Width.LONG, KEYSTORE_LOCATION)
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The keystore's password.", GROUP, order++, Width.MEDIUM, KEYSTORE_PASSWORD)
                .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"), Importance.LOW,
                        "The keystore's type.", GROUP, order++, Width.SHORT, KEYSTORE_TYPE)
                .define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "For https: the CAs trusted for NiFi's certificate.", GROUP, order++, Width.LONG, TRUSTSTORE_LOCATION)
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The truststore's password.", GROUP, order++, Width.MEDIUM, TRUSTSTORE_PASSWORD)
                .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"), Importance.LOW,
                        "The truststore's type.", GROUP, order, Width.SHORT, TRUSTSTORE_TYPE);
    }

    /**
     * A client builder for the configured NiFi and port.
     *
     * @throws ConfigException if neither a port name nor an id is given
     */
    public static SiteToSiteClient.Builder builder(AbstractConfig config) {
        String name = config.getString(PORT_NAME);
        String id = config.getString(PORT_ID);
        if (name.isBlank() && id.isBlank()) {
            throw new ConfigException(PORT_NAME, name, "name the remote port (or set " + PORT_ID + ")");
        }
        List<String> urls = config.getList(URLS);
        if (urls.isEmpty()) {
            throw new ConfigException(URLS, "", "at least one NiFi URL is needed");
        }
        SiteToSiteClient.Builder builder = new SiteToSiteClient.Builder()
                .urls(new LinkedHashSet<>(urls))
                .transportProtocol(SiteToSiteTransportProtocol.valueOf(config.getString(TRANSPORT_PROTOCOL).toUpperCase(Locale.ROOT)))
                .useCompression(config.getBoolean(USE_COMPRESSION))
                .timeout(config.getLong(TIMEOUT_MS), TimeUnit.MILLISECONDS);
        if (!id.isBlank()) {
            builder.portIdentifier(id);
        } else {
            builder.portName(name);
        }
        String keystore = config.getString(KEYSTORE_LOCATION);
        if (!keystore.isBlank()) {
            builder.keystoreFilename(keystore).keystorePass(password(config, KEYSTORE_PASSWORD))
                    .keystoreType(KeystoreType.valueOf(config.getString(KEYSTORE_TYPE).toUpperCase(Locale.ROOT)));
        }
        String truststore = config.getString(TRUSTSTORE_LOCATION);
        if (!truststore.isBlank()) {
            builder.truststoreFilename(truststore).truststorePass(password(config, TRUSTSTORE_PASSWORD))
                    .truststoreType(KeystoreType.valueOf(config.getString(TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT)));
        }
        return builder;
    }

    /** What the connector's port is called in messages. */
    static String describe(AbstractConfig config) {
        String id = config.getString(PORT_ID);
        Set<String> urls = new LinkedHashSet<>(config.getList(URLS));
        return "port " + (id.isBlank() ? "'" + config.getString(PORT_NAME) + "'" : id) + " of " + String.join(",", urls);
    }

    private static String password(AbstractConfig config, String key) {
        Password password = config.getPassword(key);
        return password == null ? null : password.value();
    }
}
