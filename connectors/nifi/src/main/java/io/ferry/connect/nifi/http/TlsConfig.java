package io.ferry.connect.nifi.http;

import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The TLS keys of an HTTPS listener, under a prefix such as {@code nifi.site.ssl.} or {@code http.ssl.}. */
public final class TlsConfig {

    public static final String KEYSTORE_LOCATION = "keystore.location";
    public static final String KEYSTORE_PASSWORD = "keystore.password";
    public static final String KEYSTORE_TYPE = "keystore.type";
    public static final String KEY_PASSWORD = "key.password";
    public static final String TRUSTSTORE_LOCATION = "truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "truststore.password";
    public static final String TRUSTSTORE_TYPE = "truststore.type";
    public static final String CLIENT_AUTH = "client.auth";

    private TlsConfig() {
    }

    /** Adds the TLS keys under {@code prefix} to {@code def}, in {@code group} from {@code order}. */
    public static ConfigDef define(ConfigDef def, String prefix, String group, int order) {
        return def
                .define(prefix + KEYSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "The keystore of an https listener.", group, order++, Width.LONG, prefix + KEYSTORE_LOCATION)
                .define(prefix + KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "The keystore's password.", group, order++, Width.MEDIUM, prefix + KEYSTORE_PASSWORD)
                .define(prefix + KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW,
                        "The keystore's type: PKCS12 or JKS.", group, order++, Width.SHORT, prefix + KEYSTORE_TYPE)
                .define(prefix + KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "The private key's password, if it differs from the keystore's.", group, order++, Width.MEDIUM, prefix + KEY_PASSWORD)
                .define(prefix + TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "The truststore holding the CAs of accepted client certificates.", group, order++, Width.LONG, prefix + TRUSTSTORE_LOCATION)
                .define(prefix + TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "The truststore's password.", group, order++, Width.MEDIUM, prefix + TRUSTSTORE_PASSWORD)
                .define(prefix + TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW,
                        "The truststore's type: PKCS12 or JKS.", group, order++, Width.SHORT, prefix + TRUSTSTORE_TYPE)
                .define(prefix + CLIENT_AUTH, Type.STRING, "none", ConfigDef.ValidString.in("none", "requested", "required"), Importance.MEDIUM,
                        "Client certificates: none, requested or required (NiFi presents its own when it has a keystore).",
                        group, order, Width.SHORT, prefix + CLIENT_AUTH);
    }

    /**
     * The TLS settings for a listener URL, or null for http.
     *
     * @throws ConfigException naming the key if https lacks a keystore, client certificates lack a
     *                         truststore, or a keystore is set for an http listener
     */
    public static TlsSettings parse(AbstractConfig config, String prefix, String listenerKey, String scheme) {
        String keystore = config.getString(prefix + KEYSTORE_LOCATION);
        if (!"https".equals(scheme)) {
            if (!keystore.isBlank()) {
                throw new ConfigException(listenerKey, config.getString(listenerKey), "a keystore is set (" + prefix + KEYSTORE_LOCATION
                        + "): use an https:// URL");
            }
            return null;
        }
        if (keystore.isBlank()) {
            throw new ConfigException(prefix + KEYSTORE_LOCATION, keystore, "an https listener (" + listenerKey + ") needs a keystore");
        }
        String truststore = config.getString(prefix + TRUSTSTORE_LOCATION);
        TlsSettings.ClientAuth clientAuth = TlsSettings.ClientAuth.valueOf(config.getString(prefix + CLIENT_AUTH).toUpperCase(Locale.ROOT));
        if (clientAuth != TlsSettings.ClientAuth.NONE && truststore.isBlank()) {
            throw new ConfigException(prefix + TRUSTSTORE_LOCATION, truststore, "client certificates (" + prefix + CLIENT_AUTH + ") need a truststore");
        }
        return new TlsSettings(keystore, password(config, prefix + KEYSTORE_PASSWORD), config.getString(prefix + KEYSTORE_TYPE),
                password(config, prefix + KEY_PASSWORD), truststore.isBlank() ? null : truststore,
                password(config, prefix + TRUSTSTORE_PASSWORD), config.getString(prefix + TRUSTSTORE_TYPE), clientAuth);
    }

    private static String password(AbstractConfig config, String key) {
        Password password = config.getPassword(key);
        return password == null ? null : password.value();
    }
}
