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
import org.apache.kafka.common.config.types.Password;

/** Configuration of {@link NiFiHttpSinkConnector}: where and how FlowFile-v3 packages are posted. */
public final class HttpSinkConfig extends AbstractConfig {

    private static final String GROUP = "HTTP sink";

    public static final String URL = "http.url";
    public static final String HOLD = "http.hold";
    public static final String COMPRESS = "http.compress";
    public static final String BATCH_MAX_RECORDS = "http.batch.max.records";
    public static final String TIMEOUT_MS = "http.timeout.ms";
    public static final String TRUSTSTORE_LOCATION = "http.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "http.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "http.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "http.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "http.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "http.ssl.keystore.type";

    public static final ConfigDef CONFIG_DEF = define();

    public HttpSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public URI url() {
        return URI.create(getString(URL));
    }

    String password(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }

    private static ConfigDef define() {
        int order = 0;
        ConfigDef.Validator httpUrl = (name, value) -> {
            try {
                URI uri = URI.create((String) value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be the http(s) URL of a ListenHTTP, e.g. http://nifi:8082/contentListener");
            }
        };
        ConfigDef def = new ConfigDef()
                .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, httpUrl, Importance.HIGH,
                        "The URL of NiFi's ListenHTTP, base path included, e.g. http://nifi:8082/contentListener.",
                        GROUP, order++, Width.LONG, URL)
                .define(HOLD, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Offer the hold protocol (x-prefer-acknowledge-uri): the receiver holds the FlowFiles until our DELETE "
                                + "confirms we got its answer, so a lost answer cannot duplicate data.",
                        GROUP, order++, Width.SHORT, HOLD)
                .define(COMPRESS, Type.BOOLEAN, false, Importance.LOW,
                        "Gzip the packages (flowfile-gzipped: true).", GROUP, order++, Width.SHORT, COMPRESS)
                .define(BATCH_MAX_RECORDS, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The most FlowFiles in one POST.", GROUP, order++, Width.SHORT, BATCH_MAX_RECORDS)
                .define(TIMEOUT_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connect and response timeout of each request.", GROUP, order++, Width.SHORT, TIMEOUT_MS)
                .define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "For https: the truststore with the receiver's CA (default: the JVM's).", GROUP, order++, Width.LONG, TRUSTSTORE_LOCATION)
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The truststore's password.",
                        GROUP, order++, Width.MEDIUM, TRUSTSTORE_PASSWORD)
                .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "The truststore's type.",
                        GROUP, order++, Width.SHORT, TRUSTSTORE_TYPE)
                .define(KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "For https with client certificates: the keystore holding ours.", GROUP, order++, Width.LONG, KEYSTORE_LOCATION)
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The keystore's password.",
                        GROUP, order++, Width.MEDIUM, KEYSTORE_PASSWORD)
                .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "The keystore's type.",
                        GROUP, order, Width.SHORT, KEYSTORE_TYPE);
        MappingConfig.defineRecordToFlowFile(def);
        return def;
    }
}
