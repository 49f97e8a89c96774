package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.TestBroker;

/**
 * TLS with certificates made in the test: an SSL listener (one-way TLS, JKS-free: a PKCS12 keystore and a PEM trust
 * list), an SSL listener requiring client certificates whose subject becomes the principal through
 * {@code ssl.principal.mapping.rules}, and a SASL_SSL listener with SCRAM, each used by real producers and consumers.
 */
@Timeout(180)
class TlsTest {

    @TempDir
    static Path dir;
    static TestBroker broker;
    static TestCertificates certs;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.get();
        Map<String, String> props = new HashMap<>(certs.broker(""));
        props.put("listeners", "SSL://127.0.0.1:0,MTLS://127.0.0.1:0,SASL_SSL://127.0.0.1:0");
        props.put("listener.security.protocol.map", "SSL:SSL,MTLS:SSL,SASL_SSL:SASL_SSL");
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("ssl.principal.mapping.rules", "RULE:^CN=(.*?),OU=(.*?),O=(.*?)$/$1@$3/L,DEFAULT");
        props.put("principal.builder.class", RecordingPrincipalBuilder.class.getName());
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
        props.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", Sasl.SCRAM_MODULE + " required;");
        broker = TestBroker.start(dir, props);
        // The first SCRAM user, through the API on the SSL listener.
        try (Admin admin = Sasl.admin(bootstrap("SSL"), ssl(false))) {
            admin.alterUserScramCredentials(java.util.List.of(new org.apache.kafka.clients.admin
                    .UserScramCredentialUpsertion("bob", new org.apache.kafka.clients.admin.ScramCredentialInfo(
                    org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256, 4096), "bob-secret"))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static String bootstrap(String listener) {
        return "localhost:" + broker.port(listener);
    }

    static Map<String, Object> ssl(boolean withCertificate) {
        Map<String, Object> m = new HashMap<>(certs.client(withCertificate));
        m.put("security.protocol", "SSL");
        return m;
    }

    @Test
    void tlsProducesAndConsumes() throws Exception {
        assertThat(Sasl.roundTrip(bootstrap("SSL"), ssl(false), "tls", 3)).containsExactly("v0", "v1", "v2");
        assertThat(RecordingPrincipalBuilder.LAST.get("SSL")).isEqualTo(KafkaPrincipal.ANONYMOUS);
    }

    @Test
    void mutualTlsMapsTheCertificateToThePrincipal() throws Exception {
        assertThat(Sasl.roundTrip(bootstrap("MTLS"), ssl(true), "mtls", 2)).containsExactly("v0", "v1");
        assertThat(RecordingPrincipalBuilder.LAST.get("MTLS"))
                .isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "alice@acme"));
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() {
        try (Admin anonymous = Sasl.admin(bootstrap("MTLS"), ssl(false))) {
            assertThatThrownBy(() -> anonymous.describeCluster().nodes().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
        }
    }

    @Test
    void saslSslProducesAndConsumes() throws Exception {
        Map<String, Object> login = new HashMap<>(certs.client(false));
        login.putAll(Sasl.login("SASL_SSL", "SCRAM-SHA-256", "bob", "bob-secret"));
        assertThat(Sasl.roundTrip(bootstrap("SASL_SSL"), login, "sasl-ssl", 3)).containsExactly("v0", "v1", "v2");
        assertThat(RecordingPrincipalBuilder.LAST.get("SASL_SSL"))
                .isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob"));
    }
}
