package io.ferry.runtime.security;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.StatusStore;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.testing.SequenceSourcePlugin;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Secrets never appear in logs, statuses or what the worker hands the REST API. */
class RedactorTest extends WorkerTest {

    @Test
    void secretKeysAreMaskedByNameAndProviderReferencesAreKept() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connection.password", "hunter2-password");
        config.put("api.token", "t0k3n-value");
        config.put("producer.override.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        config.put("db.secret", "${file:/etc/secrets.properties:db}");
        config.put("topic", "orders");

        assertThat(Redactor.config(config))
                .containsEntry("connection.password", Redactor.MASK)
                .containsEntry("api.token", Redactor.MASK)
                .containsEntry("producer.override.sasl.jaas.config", Redactor.MASK)
                .containsEntry("db.secret", "${file:/etc/secrets.properties:db}")
                .containsEntry("topic", "orders");
    }

    @Test
    void rememberedSecretsAreMaskedInTextAndLogLines() {
        Redactor.registerSecrets(Map.of("db.url", "${file:/x:url}", "user.password", "s3cr3t-pw"),
                Map.of("db.url", "jdbc:pg://host/db?pw=resolved-from-file", "user.password", "s3cr3t-pw"));

        assertThat(Redactor.text("login with s3cr3t-pw failed for jdbc:pg://host/db?pw=resolved-from-file"))
                .isEqualTo("login with [hidden] failed for [hidden]");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        RedactingPatternLayout layout = new RedactingPatternLayout();
        layout.setContext(context);
        layout.setPattern("%msg %ex");
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.ERROR, "cannot connect with {}",
                new IllegalStateException("bad password s3cr3t-pw"), new Object[] {"s3cr3t-pw"});
        String line = layout.doLayout(event);
        assertThat(line).contains("cannot connect with [hidden]").contains("bad password [hidden]").doesNotContain("s3cr3t-pw");
        assertThat(StatusStore.traceOf(new IllegalStateException("s3cr3t-pw rejected"))).contains("[hidden] rejected")
                .doesNotContain("s3cr3t-pw");
    }

    @Test
    void passwordTypedKeysOfTheConnectorAndProviderValuesStayOutOfStatusesAndConfigs() throws Exception {
        Path secrets = Files.createDirectories(root.resolve("secrets"));
        Files.writeString(secrets.resolve("s.properties"), "key=provider-secret-42\n");
        fixture = new WorkerFixture(root).set("config.providers", "file")
                .set("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .set("config.providers.file.param.allowed.paths", secrets.toString());
        SequenceSourcePlugin.build(fixture.pluginDir());
        fixture.start();
        String reference = "${file:" + secrets.resolve("s.properties") + ":key}";
        // api.credential is PASSWORD-typed in the connector's ConfigDef (its name alone is not secret-looking).
        Map<String, String> config = connector("name", "seq", "connector.class", SequenceSourcePlugin.CONNECTOR, "topic", "seq",
                "api.credential", "typed-secret-77", "source.label", reference, "fail.on.poll", "1",
                "fail.marker", root.resolve("marker").toString());
        fixture.worker().createOrUpdate("seq", config);

        Map<String, String> shown = Redactor.config(fixture.worker().connectorConfig("seq"));
        assertThat(shown).containsEntry("api.credential", Redactor.MASK).containsEntry("source.label", reference);
        Map<String, String> task = Redactor.config(fixture.worker().taskConfigs("seq").get(0).config());
        assertThat(task.toString()).doesNotContain("typed-secret-77").doesNotContain("provider-secret-42");
        assertThat(Redactor.text("failed: provider-secret-42 / typed-secret-77")).isEqualTo("failed: [hidden] / [hidden]");
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.worker().taskStatus(new TaskId("seq", 0)).state() == State.FAILED);
    }
}
