package io.ferry.runtime.cluster;

import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

import io.ferry.broker.security.TestCertificates;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;

/**
 * A standalone worker whose embedded broker listens only on SASL_SSL (its {@code ferry.broker.*} keys: Kafka's
 * listener, TLS and SASL settings, PLAIN users in the listener's JAAS entry) and whose own and tasks' clients log in
 * with Kafka Connect's keys: the exactly-once file quickstart copies lines; a client with a wrong password or without
 * TLS and SASL gets nothing from the embedded broker. A worker logging in with SCRAM gets its credential on first start
 * and the listener of its security.protocol; one whose protocol no listener has does not start.
 */
class SecuredEmbeddedBrokerTest extends WorkerTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";

    @Test
    void theQuickstartRunsOnAnEmbeddedBrokerThatOnlyAcceptsSaslSsl() throws Exception {
        Path input = Files.writeString(root.resolve("test.txt"), "line-0\n");
        Path output = root.resolve("test.sink.txt");
        securedWorker("SASL_SSL://127.0.0.1:0", "PLAIN",
                PLAIN + " required user_connect=\"connect-secret\" user_admin=\"admin-secret\";")
                .setClientSettings(client("PLAIN", "connect", "connect-secret")).startFileQuickstart(input, output);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("line-0"));
        Files.writeString(input, "line-1\nline-2\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output))
                .containsExactly("line-0", "line-1", "line-2"));

        String bootstrap = fixture.bootstrapServers();
        try (Admin admin = admin(bootstrap, client("PLAIN", "admin", "admin-secret"))) {
            assertThat(admin.listTopics().names().get()).contains("connect-test");
        }
        try (Admin wrongPassword = admin(bootstrap, client("PLAIN", "admin", "guess"))) {
            assertThatThrownBy(() -> wrongPassword.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin plaintext = admin(bootstrap, Map.of())) {
            assertThatThrownBy(() -> plaintext.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aScramWorkerGetsItsCredentialAndTheListenerOfItsProtocol() throws Exception {
        Path input = Files.writeString(root.resolve("test.txt"), "line-0\n");
        Path output = root.resolve("test.sink.txt");
        securedWorker("PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0", "SCRAM-SHA-512", SCRAM + " required;")
                .setClientSettings(client("SCRAM-SHA-512", "connect", "connect-secret"))
                .startFileQuickstart(input, output);
        assertThat(fixture.bootstrapServers())
                .isEqualTo("127.0.0.1:" + fixture.standalone().broker().port("SASL_SSL"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("line-0"));
        assertThat(Files.readString(fixture.dataDir().resolve("broker/__ferry_metadata/scram-credentials.properties")))
                .contains("SCRAM-SHA-512/connect=").doesNotContain("connect-secret");
    }

    @Test
    void aWorkerWhoseProtocolNoListenerHasDoesNotStartAndSaysWhy() throws Exception {
        fixture = new WorkerFixture(root).set("security.protocol", "SASL_SSL");
        assertThatThrownBy(() -> fixture.start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.broker.listeners")
                .hasMessageContaining("security.protocol=SASL_SSL");
    }

    /** A worker (exactly-once) whose embedded broker has these listeners, the test's TLS and one SASL mechanism. */
    private WorkerFixture securedWorker(String listeners, String mechanism, String jaas) throws Exception {
        fixture = new WorkerFixture(root).set("exactly.once.source.support", "enabled")
                .set("ferry.broker.listeners", listeners)
                .set("ferry.broker.sasl.enabled.mechanisms", mechanism)
                .set("ferry.broker.listener.name.sasl_ssl." + mechanism.toLowerCase() + ".sasl.jaas.config", jaas);
        TestCertificates.get().broker("ferry.broker.").forEach(fixture::set);
        return fixture;
    }

    private static Map<String, Object> client(String mechanism, String user, String password) throws Exception {
        Map<String, Object> m = new HashMap<>(TestCertificates.get().client(false));
        m.put("security.protocol", "SASL_SSL");
        m.put("sasl.mechanism", mechanism);
        m.put("sasl.jaas.config", (mechanism.equals("PLAIN") ? PLAIN : SCRAM) + " required username=\"" + user
                + "\" password=\"" + password + "\";");
        return m;
    }

    private static Admin admin(String bootstrap, Map<String, Object> settings) {
        Map<String, Object> m = new HashMap<>(settings);
        m.put("bootstrap.servers", bootstrap);
        m.put("default.api.timeout.ms", 5_000);
        m.put("request.timeout.ms", 5_000);
        return Admin.create(m);
    }
}
