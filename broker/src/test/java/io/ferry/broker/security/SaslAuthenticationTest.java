package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ferry.broker.cli.ScramCommand;
import io.ferry.broker.it.RawClient;
import io.ferry.broker.it.TestBroker;
import picocli.CommandLine;

/**
 * A broker with one SASL_PLAINTEXT listener offering PLAIN (users in the listener's JAAS entry) and SCRAM-SHA-256/512
 * (bob set with {@code ferry scram} before the first start), used by real kafka-clients: logins of each mechanism
 * produce and consume; a wrong password, an unknown user and a client without SASL are refused, quickly; SCRAM users
 * are managed through the Admin API and survive a restart.
 */
@Timeout(180)
class SaslAuthenticationTest {

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        Path props = dir.resolve("server.properties");
        Files.writeString(props, "log.dirs=" + data + "\n");
        int exit = new CommandLine(new ScramCommand()).execute(props.toString(),
                "--add-scram", "SCRAM-SHA-256=[name=bob,password=bob-secret]",
                "--add-scram", "SCRAM-SHA-512=[name=bob,iterations=8192,password=bob,secret]");
        assertThat(exit).isZero();
        broker = TestBroker.start(data, Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", Sasl.PLAIN_MODULE
                        + " required user_admin=\"admin-secret\" user_alice=\"alice-secret\";"));
        admin = Sasl.admin(broker.bootstrap(), Sasl.login("SASL_PLAINTEXT", "PLAIN", "admin", "admin-secret"));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"PLAIN;alice;alice-secret", "SCRAM-SHA-256;bob;bob-secret",
            "SCRAM-SHA-512;bob;bob,secret"})
    void eachMechanismProducesAndConsumes(String mechanism, String user, String password) throws Exception {
        String topic = "sasl-" + mechanism.toLowerCase();
        assertThat(Sasl.roundTrip(broker.bootstrap(), Sasl.login("SASL_PLAINTEXT", mechanism, user, password),
                topic, 3)).containsExactly("v0", "v1", "v2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"PLAIN;alice;wrong", "PLAIN;nobody;x", "SCRAM-SHA-256;bob;wrong",
            "SCRAM-SHA-512;nobody;x"})
    void badCredentialsAreRefused(String mechanism, String user, String password) {
        try (Admin wrong = Sasl.admin(broker.bootstrap(), Sasl.login("SASL_PLAINTEXT", mechanism, user, password))) {
            assertThatThrownBy(() -> wrong.describeCluster().nodes().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain(password));
        }
    }

    @Test
    void aClientWithoutSaslIsRefusedWithoutAnAnswer() throws Exception {
        try (RawClient raw = new RawClient(broker.port())) {
            assertThatThrownBy(() -> raw.send(new MetadataRequest.Builder(new MetadataRequestData()).build((short) 12)))
                    .isInstanceOf(IOException.class);
        }
        try (Admin plaintext = Sasl.admin(broker.bootstrap(), Map.of("default.api.timeout.ms", 3000,
                "request.timeout.ms", 2000))) {
            assertThatThrownBy(() -> plaintext.describeCluster().nodes().get()).hasCauseInstanceOf(
                    org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    /**
     * Before authentication a client gets one ApiVersions and requests of at most sasl.server.max.receive.size
     * (512 KiB): a bigger size prefix closes the connection before the broker buffers anything.
     */
    @Test
    void anUnauthenticatedClientGetsOneApiVersionsAndSmallFramesOnly() throws Exception {
        try (RawClient raw = new RawClient(broker.port())) {
            raw.send(new org.apache.kafka.common.requests.ApiVersionsRequest.Builder().build((short) 3));
            assertThatThrownBy(() -> raw.send(new org.apache.kafka.common.requests.ApiVersionsRequest.Builder()
                    .build((short) 3))).isInstanceOf(IOException.class);
        }
        try (RawClient raw = new RawClient(broker.port())) {
            // The size prefix of a 600 KB request, and a little of it: the broker closes without waiting for more.
            raw.writeRaw(java.nio.ByteBuffer.allocate(8).putInt(600_000).putInt(0).array());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(raw::isClosedByPeer);
        }
    }

    @Test
    void anUnsupportedMechanismIsRefusedWithTheOfferedOnes() throws Exception {
        try (RawClient raw = new RawClient(broker.port())) {
            SaslHandshakeResponse r = (SaslHandshakeResponse) raw.send(new SaslHandshakeRequest.Builder(
                    new SaslHandshakeRequestData().setMechanism("GSSAPI")).build((short) 1));
            assertThat(r.error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
            assertThat(r.enabledMechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void scramUsersAreManagedThroughTheAdminApi() throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "carol-secret"))).all().get();
        Map<String, Object> carol = Sasl.login("SASL_PLAINTEXT", "SCRAM-SHA-512", "carol", "carol-secret");
        try (Admin asCarol = Sasl.admin(broker.bootstrap(), carol)) {
            assertThat(asCarol.describeCluster().nodes().get()).hasSize(1);
        }
        UserScramCredentialsDescription described = admin.describeUserScramCredentials(List.of("carol"))
                .description("carol").get();
        assertThat(described.credentialInfos()).extracting(ScramCredentialInfo::mechanism,
                ScramCredentialInfo::iterations).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        ScramMechanism.SCRAM_SHA_512, 4096));
        assertThat(admin.describeUserScramCredentials().users().get()).contains("bob", "carol");
        assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("dave",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 1000), "x"))).all().get())
                .hasCauseInstanceOf(UnacceptableCredentialException.class);

        broker.restart();
        try (Admin again = Sasl.admin(broker.bootstrap(), Sasl.login("SASL_PLAINTEXT", "PLAIN", "admin",
                "admin-secret")); Admin asCarol = Sasl.admin(broker.bootstrap(), carol)) {
            assertThat(asCarol.describeCluster().nodes().get()).as("credential kept across a restart").hasSize(1);
            again.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("carol",
                    ScramMechanism.SCRAM_SHA_512))).all().get();
            assertThatThrownBy(() -> again.describeUserScramCredentials(List.of("carol")).description("carol").get())
                    .hasCauseInstanceOf(ResourceNotFoundException.class);
        }
        try (Admin asCarol = Sasl.admin(broker.bootstrap(), carol)) {
            assertThatThrownBy(() -> asCarol.describeCluster().nodes().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
