package io.ferry.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.it.TestBroker;

/** Kafka's security keys in the broker config: protocols per listener, listener overrides, secrets kept hidden. */
class SecurityConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "user_admin=\"top-secret\";";

    @Test
    void listenersGetTheirProtocolAndPrefixedSettings() {
        BrokerConfig c = new BrokerConfig(Map.of(
                "listeners", "INTERNAL://:9093,SASL_SSL://:9094",
                "listener.security.protocol.map", "INTERNAL:SSL,SASL_SSL:SASL_SSL",
                "ssl.keystore.password", "store-secret",
                "listener.name.internal.ssl.keystore.password", "internal-secret",
                "listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS,
                "inter.broker.listener.name", "INTERNAL"));
        assertThat(c.securityProtocol("INTERNAL")).isEqualTo(SecurityProtocol.SSL);
        assertThat(c.securityProtocol("SASL_SSL")).isEqualTo(SecurityProtocol.SASL_SSL);
        assertThat(c.listenerValues("INTERNAL").get("ssl.keystore.password"))
                .isEqualTo(new Password("internal-secret"));
        assertThat(c.listenerValues("SASL_SSL").get("ssl.keystore.password")).isEqualTo(new Password("store-secret"));
        assertThat(c.listenerValues("SASL_SSL").get("plain.sasl.jaas.config")).isInstanceOf(Password.class)
                .hasToString("[hidden]");
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.interBrokerListenerName()).hasValue("INTERNAL");
    }

    @Test
    void theShippedSaslConfigParsesWithoutUnknownKeys() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path file = (java.nio.file.Files.exists(module.resolve("bin/ferry")) ? module : module.getParent())
                .resolve("config/server-sasl.properties");
        BrokerConfig c = BrokerConfig.load(file, List.of());
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.securityProtocol("SASL_SSL")).isEqualTo(SecurityProtocol.SASL_SSL);
        assertThat(c.listenerValues("SASL_SSL")).containsKeys("scram-sha-512.sasl.jaas.config",
                "plain.sasl.jaas.config");
    }

    @Test
    void interBrokerProtocolNamesTheListener() {
        BrokerConfig c = new BrokerConfig(Map.of("listeners", "PLAINTEXT://:9092,SASL_SSL://:9094",
                "security.inter.broker.protocol", "SASL_SSL"));
        assertThat(c.interBrokerListenerName()).hasValue("SASL_SSL");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("listeners", "PLAINTEXT://:9092",
                "security.inter.broker.protocol", "SASL_SSL", "inter.broker.listener.name", "PLAINTEXT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> new BrokerConfig(Map.of("listeners", "PLAINTEXT://:9092",
                "listener.security.protocol.map", "PLAINTEXT:KERBEROS")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SASL_SSL");
    }

    @Test
    void secretsAreNotDescribed(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of("ssl.keystore.password", "store-secret"));
             Admin admin = broker.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("ssl.keystore.password");
            assertThat(entry.isSensitive()).isTrue();
            assertThat(entry.value()).isNull();
        }
    }

    @Test
    void unsupportedMechanismsAndMissingUsersStopTheStart(@TempDir Path dir) {
        // Kafka's default mechanism is GSSAPI, which Ferry does not offer: the start fails naming the key.
        BrokerServer server = new BrokerServer(new BrokerConfig(Map.of("listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.toString())));
        try {
            assertThatThrownBy(server::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listener.name.sasl_plaintext.sasl.enabled.mechanisms")
                    .hasMessageContaining("GSSAPI");
        } finally {
            server.close();
        }
        BrokerServer noUsers = new BrokerServer(new BrokerConfig(Map.of("listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "sasl.enabled.mechanisms", "PLAIN", "log.dirs", dir.toString())));
        try {
            assertThatThrownBy(noUsers::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listener.name.sasl_plaintext.plain.sasl.jaas.config");
        } finally {
            noUsers.close();
        }
    }
}
