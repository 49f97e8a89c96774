package io.ferry.runtime.rest.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS settings of {@code https} listeners, with Kafka Connect's names: each
 * {@code listeners.https.ssl.X} setting, or else the worker's {@code ssl.X}: {@code keystore.location},
 * {@code keystore.password}, {@code keystore.type} (JKS), {@code key.password},
 * {@code truststore.location}, {@code truststore.password}, {@code truststore.type} (JKS),
 * {@code client.auth} (none, requested, required), {@code protocol} (TLSv1.3),
 * {@code enabled.protocols} (TLSv1.2,TLSv1.3) and {@code cipher.suites} (the JVM's).
 */
public record TlsSettings(Path keystore, String keystorePassword, String keystoreType, String keyPassword,
                          Path truststore, String truststorePassword, String truststoreType, String clientAuth,
                          String protocol, List<String> enabledProtocols, List<String> cipherSuites) {

    public static final String HTTPS_PREFIX = "listeners.https.";

    /**
     * Reads and checks the settings: the keystore must open with its password, and its key with
     * the key password.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static TlsSettings from(Map<String, Object> props) {
        String keystore = get(props, "ssl.keystore.location", "");
        if (keystore.isBlank()) {
            throw new IllegalArgumentException(HTTPS_PREFIX + "ssl.keystore.location: an https listener needs a keystore");
        }
        String truststore = get(props, "ssl.truststore.location", "");
        String clientAuth = get(props, "ssl.client.auth", "none").toLowerCase(Locale.ROOT);
        if (!List.of("none", "requested", "required").contains(clientAuth)) {
            throw new IllegalArgumentException(HTTPS_PREFIX + "ssl.client.auth: must be none, requested or required, not '" + clientAuth + "'");
        }
        if (!clientAuth.equals("none") && truststore.isBlank()) {
            throw new IllegalArgumentException(HTTPS_PREFIX + "ssl.truststore.location: ssl.client.auth=" + clientAuth + " needs a truststore");
        }
        TlsSettings settings = new TlsSettings(Path.of(keystore).toAbsolutePath(), get(props, "ssl.keystore.password", null),
                get(props, "ssl.keystore.type", "JKS"), get(props, "ssl.key.password", null),
                truststore.isBlank() ? null : Path.of(truststore).toAbsolutePath(), get(props, "ssl.truststore.password", null),
                get(props, "ssl.truststore.type", "JKS"), clientAuth, get(props, "ssl.protocol", "TLSv1.3"),
                list(get(props, "ssl.enabled.protocols", "TLSv1.2,TLSv1.3")), list(get(props, "ssl.cipher.suites", "")));
        KeyStore keys = open(settings.keystore, settings.keystoreType, settings.keystorePassword, "ssl.keystore");
        settings.checkKey(keys);
        if (settings.truststore != null) {
            open(settings.truststore, settings.truststoreType, settings.truststorePassword, "ssl.truststore");
        }
        return settings;
    }

    private void checkKey(KeyStore keys) {
        try {
            char[] password = (keyPassword != null ? keyPassword : keystorePassword == null ? "" : keystorePassword).toCharArray();
            boolean found = false;
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    keys.getKey(alias, password);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(HTTPS_PREFIX + "ssl.keystore.location: " + keystore + " holds no private key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(HTTPS_PREFIX + "ssl.key.password: cannot read the private key in " + keystore + ": " + e.getMessage());
        }
    }

    private static KeyStore open(Path path, String type, String password, String prefix) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(HTTPS_PREFIX + prefix + ".location: cannot read " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(HTTPS_PREFIX + prefix + ".password (or .type): cannot open " + path + " as " + type + ": "
                    + e.getMessage());
        }
    }

    private static String get(Map<String, Object> props, String key, String defaultValue) {
        Object value = props.get(HTTPS_PREFIX + key);
        if (value == null) {
            value = props.get(key);
        }
        return value == null ? defaultValue : String.valueOf(value).trim();
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** A Jetty SSL context factory with these settings. */
    public SslContextFactory.Server sslContextFactory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(keystore.toString());
        factory.setKeyStoreType(keystoreType);
        if (keystorePassword != null) {
            factory.setKeyStorePassword(keystorePassword);
        }
        if (keyPassword != null) {
            factory.setKeyManagerPassword(keyPassword);
        }
        if (truststore != null) {
            factory.setTrustStorePath(truststore.toString());
            factory.setTrustStoreType(truststoreType);
            if (truststorePassword != null) {
                factory.setTrustStorePassword(truststorePassword);
            }
        }
        factory.setNeedClientAuth(clientAuth.equals("required"));
        factory.setWantClientAuth(clientAuth.equals("requested"));
        factory.setProtocol(protocol);
        factory.setIncludeProtocols(enabledProtocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            factory.setIncludeCipherSuites(cipherSuites.toArray(String[]::new));
        }
        return factory;
    }

    /** Never shows the passwords. */
    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", type=" + keystoreType + ", truststore=" + truststore + ", clientAuth=" + clientAuth
                + ", protocol=" + protocol + ", enabledProtocols=" + enabledProtocols + "]";
    }
}
