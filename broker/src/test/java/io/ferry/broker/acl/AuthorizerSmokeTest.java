package io.ferry.broker.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's authorizer on its own, over a file store: the reused StandardAuthorizer pieces (and their Kafka 4.3 gotcha,
 * the plugin-metrics NPE) work with the trimmed dependencies, Kafka's semantics hold, validation rejects what Kafka
 * rejects, and ACLs come back from the file.
 */
class AuthorizerSmokeTest {

    private static final KafkaPrincipal ALICE = new KafkaPrincipal("User", "alice");

    @TempDir
    Path dir;
    FerryAuthorizer authorizer;

    private FerryAuthorizer start(Map<String, String> configs) {
        authorizer = new FerryAuthorizer(new FileAclStore(dir.resolve("acls.json")));
        authorizer.configure(configs);
        authorizer.start(null);
        return authorizer;
    }

    @AfterEach
    void close() throws Exception {
        if (authorizer != null) {
            authorizer.close();
        }
    }

    @Test
    void kafkaSemanticsHold() throws Exception {
        start(Map.of("super.users", "User:admin", "allow.everyone.if.no.acl.found", "false"));
        create(acl(ResourceType.TOPIC, "orders-", PatternType.PREFIXED, "User:alice", "*", AclOperation.READ,
                AclPermissionType.ALLOW));
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.READ, ResourceType.TOPIC, "orders-eu")).isTrue();
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders-eu"))
                .as("READ implies DESCRIBE").isTrue();
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.WRITE, ResourceType.TOPIC, "orders-eu")).isFalse();
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.READ, ResourceType.TOPIC, "payments")).isFalse();
        create(acl(ResourceType.TOPIC, "orders-eu", PatternType.LITERAL, "User:alice", "10.0.0.9",
                AclOperation.READ, AclPermissionType.DENY));
        assertThat(allowed(ALICE, "10.0.0.9", AclOperation.READ, ResourceType.TOPIC, "orders-eu"))
                .as("a host-specific DENY wins").isFalse();
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.READ, ResourceType.TOPIC, "orders-eu")).isTrue();
        assertThat(allowed(new KafkaPrincipal("User", "admin"), "10.0.0.9", AclOperation.ALTER,
                ResourceType.CLUSTER, "kafka-cluster")).as("super user").isTrue();
        create(acl(ResourceType.TOPIC, "*", PatternType.LITERAL, "User:*", "*", AclOperation.ALTER_CONFIGS,
                AclPermissionType.ALLOW));
        assertThat(allowed(new KafkaPrincipal("User", "bob"), "10.0.0.1", AclOperation.DESCRIBE_CONFIGS,
                ResourceType.TOPIC, "any")).as("wildcards; ALTER_CONFIGS implies DESCRIBE_CONFIGS").isTrue();
        assertThat(authorizer.authorizeByResourceType(ctx(ALICE, "10.0.0.1"), AclOperation.READ, ResourceType.TOPIC))
                .isEqualTo(AuthorizationResult.ALLOWED);
    }

    @Test
    void noAclFoundFollowsTheSetting() throws Exception {
        start(Map.of("allow.everyone.if.no.acl.found", "true"));
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.WRITE, ResourceType.TOPIC, "free")).isTrue();
        create(acl(ResourceType.TOPIC, "guarded", PatternType.LITERAL, "User:bob", "*", AclOperation.WRITE,
                AclPermissionType.ALLOW));
        assertThat(allowed(ALICE, "10.0.0.1", AclOperation.WRITE, ResourceType.TOPIC, "guarded"))
                .as("an ACL exists on the resource but none matches").isFalse();
    }

    @Test
    void invalidAclsAreRejectedAsKafkaDoes() {
        start(Map.of());
        List<AclBinding> bad = List.of(
                acl(ResourceType.CLUSTER, "my-cluster", PatternType.LITERAL, "User:a", "*", AclOperation.ALTER,
                        AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "", PatternType.LITERAL, "User:a", "*", AclOperation.READ,
                        AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "t", PatternType.UNKNOWN, "User:a", "*", AclOperation.READ,
                        AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "t", PatternType.LITERAL, "alice", "*", AclOperation.READ,
                        AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "t", PatternType.LITERAL, "User:a", "*", AclOperation.UNKNOWN,
                        AclPermissionType.ALLOW));
        var results = authorizer.createAcls(ctx(ALICE, "10.0.0.1"), bad);
        assertThat(results).allSatisfy(r -> assertThat(r.toCompletableFuture().join().exception())
                .containsInstanceOf(InvalidRequestException.class));
        assertThat(authorizer.aclCount()).isZero();
    }

    @Test
    void aclsComeBackFromTheFileInKafkasJson() throws Exception {
        start(Map.of());
        AclBinding b = acl(ResourceType.GROUP, "billing", PatternType.LITERAL, "User:alice", "*",
                AclOperation.READ, AclPermissionType.ALLOW);
        create(b);
        authorizer.close();
        start(Map.of());
        assertThat(authorizer.acls(AclBindingFilter.ANY)).containsExactly(b);
        var deleted = authorizer.deleteAcls(ctx(ALICE, "10.0.0.1"), List.of(b.toFilter())).get(0)
                .toCompletableFuture().join();
        assertThat(deleted.aclBindingDeleteResults()).hasSize(1);
        assertThat(authorizer.aclCount()).isZero();

        byte[] kafkaJson = ("{\"version\":1,\"acls\":[{\"principal\":\"User:alice\",\"permissionType\":\"Deny\","
                + "\"operation\":\"IdempotentWrite\",\"host\":\"*\"}]}").getBytes(StandardCharsets.UTF_8);
        Set<AccessControlEntry> entries = AclJson.decode(kafkaJson);
        assertThat(entries).containsExactly(new AccessControlEntry("User:alice", "*", AclOperation.IDEMPOTENT_WRITE,
                AclPermissionType.DENY));
        assertThat(new String(AclJson.encode(entries), StandardCharsets.UTF_8))
                .isEqualTo(new String(kafkaJson, StandardCharsets.UTF_8));
    }

    private void create(AclBinding b) {
        assertThat(authorizer.createAcls(ctx(ALICE, "10.0.0.1"), List.of(b)).get(0).toCompletableFuture().join()
                .exception()).isEmpty();
    }

    private boolean allowed(KafkaPrincipal who, String host, AclOperation op, ResourceType type, String name) {
        Action action = new Action(op, new ResourcePattern(type, name, PatternType.LITERAL), 1, true, true);
        return authorizer.authorize(ctx(who, host), List.of(action)).get(0) == AuthorizationResult.ALLOWED;
    }

    private static AclBinding acl(ResourceType type, String name, PatternType pattern, String principal, String host,
                                  AclOperation op, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, host, op, permission));
    }

    private static AuthorizableRequestContext ctx(KafkaPrincipal principal, String host) {
        return new AuthorizableRequestContext() {
            public String listenerName() {
                return "PLAINTEXT";
            }

            public SecurityProtocol securityProtocol() {
                return SecurityProtocol.PLAINTEXT;
            }

            public KafkaPrincipal principal() {
                return principal;
            }

            public InetAddress clientAddress() {
                try {
                    return InetAddress.getByName(host);
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }

            public int requestType() {
                return 0;
            }

            public int requestVersion() {
                return 0;
            }

            public String clientId() {
                return "test";
            }

            public int correlationId() {
                return 0;
            }
        };
    }
}
