package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.TestBroker;

/**
 * SASL/OAUTHBEARER with kafka-clients' own server and validators: signed JWTs checked against a JWKS (Kafka's
 * OAuthBearerValidatorCallbackHandler, the client reading its token with Kafka's FileJwtRetriever), the token's
 * subject as the principal ACLs decide on; a token signed by another key is refused; a listener that names no
 * validator does not start (Kafka would silently accept unsigned tokens).
 */
@Timeout(180)
class OAuthBearerTest {

    private static final String MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    private static final String VALIDATOR =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static RsaJsonWebKey key;
    static String previousAllowedUrls;

    @BeforeAll
    static void start() throws Exception {
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("ferry-test");
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JsonWebKeySet(key).toJson());
        // Kafka 4.x only fetches keys and tokens from URLs the JVM allows (these are files of the test).
        previousAllowedUrls = System.getProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls");
        System.setProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls",
                jwks.toUri() + "," + dir.resolve("admin.jwt").toUri() + "," + dir.resolve("carol.jwt").toUri()
                        + "," + dir.resolve("mallory.jwt").toUri());
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "SASL_PLAINTEXT://127.0.0.1:0");
        props.put("sasl.enabled.mechanisms", "OAUTHBEARER");
        String prefix = "listener.name.sasl_plaintext.oauthbearer.";
        props.put(prefix + "sasl.jaas.config", MODULE + " required;");
        props.put(prefix + "sasl.server.callback.handler.class", VALIDATOR);
        props.put("sasl.oauthbearer.jwks.endpoint.url", jwks.toUri().toString());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:admin");
        broker = TestBroker.start(dir.resolve("data"), props);
        try (Admin admin = Sasl.admin(broker.bootstrap(), client("admin", key))) {
            admin.createTopics(List.of(new NewTopic("tokens", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (previousAllowedUrls == null) {
            System.clearProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls");
        } else {
            System.setProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls", previousAllowedUrls);
        }
    }

    /** A client of {@code subject} whose token (signed by {@code signer}) comes from a file, as Kafka reads it. */
    private static Map<String, Object> client(String subject, RsaJsonWebKey signer) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setClaim("scope", "kafka");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        Path token = dir.resolve(subject + ".jwt");
        Files.writeString(token, jws.getCompactSerialization());
        Map<String, Object> m = new HashMap<>();
        m.put("security.protocol", "SASL_PLAINTEXT");
        m.put("sasl.mechanism", "OAUTHBEARER");
        m.put("sasl.jaas.config", MODULE + " required;");
        m.put("sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        m.put("sasl.oauthbearer.token.endpoint.url", token.toUri().toString());
        return m;
    }

    @Test
    void aSignedTokensSubjectIsThePrincipalAclsDecideOn() throws Exception {
        Map<String, Object> carol = client("carol", key);
        assertThatThrownBy(() -> Sasl.roundTrip(broker.bootstrap(), carol, "tokens", 1))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        try (Admin admin = Sasl.admin(broker.bootstrap(), client("admin", key))) {
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, "tokens", PatternType.LITERAL);
            admin.createAcls(List.of(
                    new AclBinding(topic, new AccessControlEntry("User:carol", "*", AclOperation.WRITE,
                            AclPermissionType.ALLOW)),
                    new AclBinding(topic, new AccessControlEntry("User:carol", "*", AclOperation.READ,
                            AclPermissionType.ALLOW)))).all().get();
        }
        assertThat(Sasl.roundTrip(broker.bootstrap(), carol, "tokens", 2)).containsExactly("v0", "v1");
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        RsaJsonWebKey other = RsaJwkGenerator.generateJwk(2048);
        other.setKeyId("ferry-test");
        try (Admin mallory = Sasl.admin(broker.bootstrap(), client("mallory", other))) {
            assertThatThrownBy(() -> mallory.describeCluster().nodes().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aListenerWithoutAValidatorDoesNotStart() {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "SASL_PLAINTEXT://127.0.0.1:0");
        props.put("sasl.enabled.mechanisms", "OAUTHBEARER");
        props.put("listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config", MODULE + " required;");
        assertThatThrownBy(() -> TestBroker.start(dir.resolve("no-validator"), props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class")
                .hasMessageContaining("OAuthBearerValidatorCallbackHandler");
    }
}
