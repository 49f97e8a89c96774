package io.ferry.broker.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;

import org.apache.zookeeper.server.auth.ProviderRegistry;

import io.ferry.broker.zk.EmbeddedZooKeeper;
import io.ferry.broker.zk.ZooKeeperProperties;

/**
 * A real ZooKeeper server (Ferry's {@link EmbeddedZooKeeper}, ZooKeeper's own server) that authenticates its clients:
 * either with TLS on a {@code secureClientPort} (Netty, the test's certificates, client certificates required and
 * identified by ZooKeeper's x509 provider as their subject), or with SASL DIGEST-MD5 on its plain port (JAAS section
 * {@code Server} of ZooKeeper's DigestLoginModule). ZooKeeper's server reads these settings from system properties and
 * the JVM's JAAS configuration only, so both are set for the server's lifetime and restored on close.
 */
final class SecuredZooKeeper implements AutoCloseable {

    static final String DIGEST_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";

    private final Properties savedSystemProperties;
    private final Configuration savedJaas;
    private final EmbeddedZooKeeper server;

    private SecuredZooKeeper(Properties saved, Configuration savedJaas, EmbeddedZooKeeper server) {
        this.savedSystemProperties = saved;
        this.savedJaas = savedJaas;
        this.server = server;
    }

    /** TLS on a secure port; with {@code plainPort} it also accepts unencrypted, unauthenticated clients. */
    static SecuredZooKeeper tls(Path dataDir, boolean plainPort) throws Exception {
        Properties props = new Properties();
        props.setProperty("secureClientPort", "0");
        if (plainPort) {
            props.setProperty("clientPort", "0");
        }
        props.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        props.putAll(TestCertificates.get().zookeeperServer());
        return start(dataDir, props, "zookeeper.authProvider.x509", Map.of());
    }

    /**
     * SASL DIGEST-MD5 on the plain port for {@code users} (name to password), anonymous clients still let in;
     * {@code clientSections} (JAAS section name to a client login) are added to the JVM's JAAS configuration.
     */
    static SecuredZooKeeper saslDigest(Path dataDir, Map<String, String> users, Map<String, String> clientSections)
            throws Exception {
        Properties props = new Properties();
        props.setProperty("clientPort", "0");
        props.setProperty("authProvider.sasl", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
        // ZooKeeper 3.9's client refuses DIGEST-MD5 in FIPS mode (its default); the brokers' clients read this from
        // the JVM like ZooKeeper's own (restored on close with the other system properties).
        props.setProperty("fips-mode", "false");
        Map<String, String> serverUsers = new HashMap<>();
        users.forEach((u, p) -> serverUsers.put("user_" + u, p));
        Map<String, Map<String, String>> sections = new HashMap<>();
        sections.put("Server", serverUsers);
        clientSections.forEach((section, user) -> sections.put(section,
                Map.of("username", user, "password", users.get(user))));
        return start(dataDir, props, "zookeeper.authProvider.sasl", sections);
    }

    private static SecuredZooKeeper start(Path dataDir, Properties props, String provider,
            Map<String, Map<String, String>> jaasSections) throws Exception {
        Properties saved = (Properties) System.getProperties().clone();
        Configuration savedJaas = jaasSections.isEmpty() ? null : Configuration.getConfiguration();
        try {
            if (!jaasSections.isEmpty()) {
                Configuration.setConfiguration(new Jaas(jaasSections));
            }
            props.setProperty("dataDir", dataDir.toString());
            props.setProperty("admin.enableServer", "false");
            // ZooKeeper's parser makes system properties of these keys (TLS stores, the auth provider's class).
            var config = ZooKeeperProperties.parse(props, "(test)");
            // The provider registry is JVM-wide and may have been set up by an earlier server without it.
            ProviderRegistry.addOrUpdateProvider(provider);
            return new SecuredZooKeeper(saved, savedJaas, EmbeddedZooKeeper.start(config, Duration.ofSeconds(60)));
        } catch (Exception | Error e) {
            restore(saved, savedJaas);
            throw e;
        }
    }

    /** {@code localhost:<secureClientPort>}: the TLS port. */
    String secureConnect() {
        return "localhost:" + server.secureClientPort();
    }

    /** {@code localhost:<clientPort>}: the plain port. */
    String plainConnect() {
        return "localhost:" + server.clientPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            restore(savedSystemProperties, savedJaas);
        }
    }

    private static void restore(Properties saved, Configuration savedJaas) {
        System.setProperties(saved);
        if (savedJaas != null) {
            Configuration.setConfiguration(savedJaas);
        }
    }

    /** A JAAS configuration of DigestLoginModule sections, in memory. */
    private static final class Jaas extends Configuration {
        private final Map<String, Map<String, String>> sections;

        Jaas(Map<String, Map<String, String>> sections) {
            this.sections = sections;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            Map<String, String> options = sections.get(name);
            return options == null ? null : new AppConfigurationEntry[] {
                    new AppConfigurationEntry(DIGEST_MODULE, LoginModuleControlFlag.REQUIRED, options)};
        }
    }
}
