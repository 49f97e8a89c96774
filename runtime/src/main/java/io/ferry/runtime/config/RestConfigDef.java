package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The REST API's settings, declared with the worker's ({@link WorkerConfig#DEFINITION}) so that each
 * is parsed, checked and documented once and a misspelled one is reported. Kafka Connect's names
 * where it has them ({@code listeners}, {@code admin.listeners}, {@code access.control.*},
 * {@code listeners.https.ssl.*}), Ferry's ({@code rest.*}) for what it adds. The top-level
 * {@code ssl.*} settings are the worker's client settings; an https listener falls back to them.
 */
public final class RestConfigDef {

    public static final String ADMIN_LISTENERS = "admin.listeners";
    public static final String ALLOW_ORIGIN = "access.control.allow.origin";
    public static final String ALLOW_METHODS = "access.control.allow.methods";
    public static final String USERS_FILE = "rest.auth.users.file";
    public static final String ALLOW_UNAUTHENTICATED_REMOTE = "rest.allow.unauthenticated.remote";
    public static final String AUTH_FAILURES_MAX = "rest.auth.failures.max";
    public static final String AUTH_FAILURES_WINDOW_MS = "rest.auth.failures.window.ms";
    public static final String AUTH_CACHE_MS = "rest.auth.cache.ms";
    public static final String HTTPS_PREFIX = "listeners.https.";
    /** Broker-side TLS: whether https listeners ask for client certificates (also under {@value #HTTPS_PREFIX}). */
    public static final String SSL_CLIENT_AUTH = "ssl.client.auth";

    private static final ConfigDef.Validator CLIENT_AUTH = optional(ValidString.in("none", "requested", "required"));

    private RestConfigDef() {
    }

    /** The REST API's settings alone (the worker's definition has them too). */
    public static ConfigDef definition() {
        return addTo(new ConfigDef());
    }

    /** Adds the REST API's settings to {@code def}. */
    static ConfigDef addTo(ConfigDef def) {
        def.define(ADMIN_LISTENERS, Type.LIST, null, Importance.LOW,
                        "where /admin (log levels) is served: unset: on listeners; empty: nowhere; else its own listeners")
                .define(ALLOW_ORIGIN, Type.STRING, "", Importance.LOW,
                        "origins allowed to call the REST API from a browser (CORS), comma-separated, * for any; empty: CORS is off")
                .define(ALLOW_METHODS, Type.STRING, "", Importance.LOW,
                        "methods allowed in cross-origin requests, comma-separated (empty: GET, POST, HEAD)")
                .define(USERS_FILE, Type.STRING, "", Importance.HIGH,
                        "a file of user:hash lines (bin/ferry hash-password); when set, every request needs HTTP Basic credentials")
                .define(ALLOW_UNAUTHENTICATED_REMOTE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "allow a listener other machines can reach without " + USERS_FILE + " (a gateway in front authenticates)")
                .define(AUTH_FAILURES_MAX, Type.INT, 10, Range.atLeast(1), Importance.LOW,
                        "failed HTTP Basic attempts a client address (an IPv6 /64) may make within " + AUTH_FAILURES_WINDOW_MS
                                + "; past it the address gets 429 with Retry-After until the window ends")
                .define(AUTH_FAILURES_WINDOW_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "the window in which failed attempts of one client address are counted")
                .define(AUTH_CACHE_MS, Type.LONG, 900_000L, Range.atLeast(0), Importance.LOW,
                        "how long verified credentials are remembered (a keyed hash in memory) so that later requests skip the "
                                + "deliberately slow password hash; 0: verify every request")
                .define(SSL_CLIENT_AUTH, Type.STRING, null, CLIENT_AUTH, Importance.LOW,
                        "client certificates on https listeners: none (default), requested or required (needs a truststore)");
        String https = "of https listeners (else the worker's ssl.";
        def.define(HTTPS_PREFIX + "ssl.keystore.location", Type.STRING, null, Importance.HIGH, "the keystore " + https + "keystore.location)")
                .define(HTTPS_PREFIX + "ssl.keystore.password", Type.PASSWORD, null, Importance.HIGH, "the keystore's password")
                .define(HTTPS_PREFIX + "ssl.keystore.type", Type.STRING, null, Importance.MEDIUM, "JKS (default) or PKCS12")
                .define(HTTPS_PREFIX + "ssl.key.password", Type.PASSWORD, null, Importance.HIGH, "the private key's password")
                .define(HTTPS_PREFIX + "ssl.truststore.location", Type.STRING, null, Importance.MEDIUM,
                        "the truststore of client certificates " + https + "truststore.location)")
                .define(HTTPS_PREFIX + "ssl.truststore.password", Type.PASSWORD, null, Importance.MEDIUM, "the truststore's password")
                .define(HTTPS_PREFIX + "ssl.truststore.type", Type.STRING, null, Importance.LOW, "JKS (default) or PKCS12")
                .define(HTTPS_PREFIX + SSL_CLIENT_AUTH, Type.STRING, null, CLIENT_AUTH,
                        Importance.MEDIUM, "client certificates: none (default), requested or required")
                .define(HTTPS_PREFIX + "ssl.protocol", Type.STRING, null, Importance.LOW, "the TLS protocol (default TLSv1.3)")
                .define(HTTPS_PREFIX + "ssl.enabled.protocols", Type.LIST, null, Importance.LOW,
                        "protocols accepted (default TLSv1.2,TLSv1.3)")
                .define(HTTPS_PREFIX + "ssl.cipher.suites", Type.LIST, null, Importance.LOW, "cipher suites (default: the JVM's)");
        return def;
    }

    /** {@code validator} for a value that may also be unset (null). */
    private static ConfigDef.Validator optional(ConfigDef.Validator validator) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null) {
                validator.ensureValid(name, value);
            }
        }, validator::toString);
    }
}
