package io.ferry.broker.zk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.imps.DefaultACLProvider;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Util;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.ZooKeeperClientConfigs;

/**
 * How the broker's ZooKeeper client secures itself, from the broker's {@code zookeeper.ssl.*},
 * {@code zookeeper.clientCnxnSocket}, {@code zookeeper.sasl.*} and {@code zookeeper.set.acl} keys (Kafka's names):
 * a per-client {@link ZKClientConfig} (ZooKeeper's own property names, never system properties) and the ACLs Curator
 * gives the znodes the broker creates.
 */
public final class ZkClientSecurity {

    private static final String DIGEST_LOGIN_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";
    private static final ZkClientSecurity NONE = new ZkClientSecurity(null, false, false, Optional.empty());

    private final ZKClientConfig clientConfig;
    private final boolean tls;
    private final boolean setAcl;
    private final Optional<String> saslLogin;

    private ZkClientSecurity(ZKClientConfig clientConfig, boolean tls, boolean setAcl, Optional<String> saslLogin) {
        this.clientConfig = clientConfig;
        this.tls = tls;
        this.setAcl = setAcl;
        this.saslLogin = saslLogin;
    }

    /** ZooKeeper's defaults: no TLS, open ACLs (tests, tools). */
    public static ZkClientSecurity none() {
        return NONE;
    }

    /**
     * The broker's settings, checked: {@code zookeeper.set.acl=true} needs an identity (a TLS client certificate or a
     * SASL login), otherwise ZooKeeper would refuse every create.
     *
     * @throws ConfigException naming the key at fault
     */
    public static ZkClientSecurity of(BrokerConfig config) {
        boolean tls = config.getBoolean(ZooKeeperClientConfigs.SSL_CLIENT_ENABLE);
        ZKClientConfig zk = new IsolatedZkClientConfig();
        String socket = config.getString(ZooKeeperClientConfigs.CLIENT_CNXN_SOCKET);
        if (tls) {
            zk.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
            zk.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET,
                    socket != null ? socket : ZooKeeperClientConfigs.NETTY_CNXN_SOCKET);
            tlsProperties(config, zk);
        } else if (socket != null) {
            zk.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, socket);
        }
        Boolean sasl = config.getBoolean(ZooKeeperClientConfigs.SASL_CLIENT);
        if (sasl != null) {
            zk.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, sasl.toString());
        }
        String loginContext = config.getString(ZooKeeperClientConfigs.SASL_CLIENT_CONFIG);
        if (loginContext != null) {
            zk.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, loginContext);
        }
        boolean setAcl = config.getBoolean(ZooKeeperClientConfigs.SET_ACL);
        Optional<String> saslLogin = saslLogin(zk);
        boolean certificate = tls && config.getString(ZooKeeperClientConfigs.SSL_KEYSTORE_LOCATION) != null;
        if (setAcl && !certificate && saslLogin.isEmpty()) {
            throw new ConfigException(ZooKeeperClientConfigs.SET_ACL, true, "znode ACLs need the broker to "
                    + "authenticate to ZooKeeper: set " + ZooKeeperClientConfigs.SSL_CLIENT_ENABLE + "=true with "
                    + ZooKeeperClientConfigs.SSL_KEYSTORE_LOCATION + " (its certificate is the identity), or give the "
                    + "JVM a JAAS configuration (java.security.auth.login.config) with the login context "
                    + zk.getProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT)
                    + " (" + ZooKeeperClientConfigs.SASL_CLIENT_CONFIG + ")");
        }
        return new ZkClientSecurity(zk, tls, setAcl, saslLogin);
    }

    private static void tlsProperties(BrokerConfig config, ZKClientConfig zk) {
        try (ClientX509Util x509 = new ClientX509Util()) {
            set(zk, x509.getSslKeystoreLocationProperty(), config.getString(ZooKeeperClientConfigs.SSL_KEYSTORE_LOCATION));
            set(zk, x509.getSslKeystorePasswdProperty(), value(config.getPassword(ZooKeeperClientConfigs.SSL_KEYSTORE_PASSWORD)));
            set(zk, x509.getSslKeystoreTypeProperty(), config.getString(ZooKeeperClientConfigs.SSL_KEYSTORE_TYPE));
            set(zk, x509.getSslTruststoreLocationProperty(),
                    config.getString(ZooKeeperClientConfigs.SSL_TRUSTSTORE_LOCATION));
            set(zk, x509.getSslTruststorePasswdProperty(),
                    value(config.getPassword(ZooKeeperClientConfigs.SSL_TRUSTSTORE_PASSWORD)));
            set(zk, x509.getSslTruststoreTypeProperty(), config.getString(ZooKeeperClientConfigs.SSL_TRUSTSTORE_TYPE));
            set(zk, x509.getSslProtocolProperty(), config.getString(ZooKeeperClientConfigs.SSL_PROTOCOL));
            set(zk, x509.getSslEnabledProtocolsProperty(), joined(config.getList(ZooKeeperClientConfigs.SSL_ENABLED_PROTOCOLS)));
            set(zk, x509.getSslCipherSuitesProperty(), joined(config.getList(ZooKeeperClientConfigs.SSL_CIPHER_SUITES)));
            String algorithm = config.getString(ZooKeeperClientConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
            set(zk, x509.getSslHostnameVerificationEnabledProperty(),
                    Boolean.toString("HTTPS".equalsIgnoreCase(algorithm == null ? "" : algorithm.trim())));
            set(zk, x509.getSslCrlEnabledProperty(), config.getBoolean(ZooKeeperClientConfigs.SSL_CRL_ENABLE).toString());
            set(zk, x509.getSslOcspEnabledProperty(), config.getBoolean(ZooKeeperClientConfigs.SSL_OCSP_ENABLE).toString());
        }
    }

    private static void set(ZKClientConfig zk, String key, String value) {
        if (value != null && !value.isBlank()) {
            zk.setProperty(key, value.trim());
        }
    }

    private static String value(Password password) {
        return password == null ? null : password.value();
    }

    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** The JAAS login context the ZooKeeper client will log in with, when SASL is on and the context exists. */
    private static Optional<String> saslLogin(ZKClientConfig zk) {
        if (!zk.isSaslClientEnabled()) {
            return Optional.empty();
        }
        String name = zk.getProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT);
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(name);
        } catch (SecurityException e) {
            return Optional.empty();
        }
        if (entries == null || entries.length == 0) {
            return Optional.empty();
        }
        boolean digest = Arrays.stream(entries).anyMatch(e -> DIGEST_LOGIN_MODULE.equals(e.getLoginModuleName()));
        if (digest && X509Util.getFipsMode(zk)) {
            throw new ConfigException(ZooKeeperClientConfigs.SASL_CLIENT_CONFIG, name, "the JAAS login context uses "
                    + "DIGEST-MD5 (" + DIGEST_LOGIN_MODULE + "), which ZooKeeper's client refuses in FIPS mode, its "
                    + "default: start the JVM with -D" + X509Util.FIPS_MODE_PROPERTY + "=false, or authenticate "
                    + "with a TLS client certificate (" + ZooKeeperClientConfigs.SSL_KEYSTORE_LOCATION + ")");
        }
        return Optional.of(name);
    }

    /** The client settings for Curator, or null for ZooKeeper's defaults. */
    ZKClientConfig clientConfig() {
        return clientConfig;
    }

    /** The ACLs of new znodes: Kafka's secure ones with {@code zookeeper.set.acl=true}, else open. */
    ACLProvider aclProvider(String namespace) {
        return setAcl ? new SecureZnodeAcls(namespace) : new DefaultACLProvider();
    }

    public boolean tls() {
        return tls;
    }

    public boolean setAcl() {
        return setAcl;
    }

    /** One line for the start-up log (no passwords). */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(tls ? "TLS" : "no TLS");
        parts.add(saslLogin.map(n -> "SASL login context " + n).orElse("no SASL login"));
        parts.add(setAcl ? "znode ACLs (" + ZooKeeperClientConfigs.SET_ACL + "=true)" : "open znode ACLs");
        return String.join(", ", parts);
    }

    /** What to check when no connection comes, for the start-up error. */
    public String connectionHint() {
        if (!tls) {
            return "check that ZooKeeper runs there";
        }
        return "check that ZooKeeper runs there with TLS (its secureClientPort), that "
                + ZooKeeperClientConfigs.SSL_TRUSTSTORE_LOCATION + " trusts the ZooKeeper server's certificate and that "
                + "ZooKeeper trusts the certificate of " + ZooKeeperClientConfigs.SSL_KEYSTORE_LOCATION
                + " (" + ZooKeeperClientConfigs.SSL_CLIENT_ENABLE + "=true)";
    }
}
