package io.ferry.broker.it;

import static io.ferry.broker.it.AclFixture.assertFails;
import static io.ferry.broker.it.AclFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How authorization is switched on and kept: without {@code authorizer.class.name} the ACL APIs answer
 * SECURITY_DISABLED; {@code super.users} may do everything without ACLs; ACLs survive a restart.
 */
class AclLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnAuthorizerTheAclApisAnswerSecurityDisabled() throws Exception {
        try (TestBroker broker = TestBroker.start(dir); Admin admin = broker.admin()) {
            AclBinding b = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                    AclFixture.entry(AclOperation.READ, AclPermissionType.ALLOW));
            assertFails(() -> admin.createAcls(List.of(b)).all().get(), SecurityDisabledException.class);
            assertFails(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(),
                    SecurityDisabledException.class);
            assertFails(() -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(),
                    SecurityDisabledException.class);
        }
    }

    @Test
    void superUsersNeedNoAcls() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, AclFixture.settings(Map.of("super.users",
                "User:admin;User:ANONYMOUS"))); Admin admin = broker.admin();
             KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            admin.createTopics(List.of(new NewTopic("super", 1, (short) 1))).all().get();
            send(producer, "super");
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).isEmpty();
        }
    }

    @Test
    void aclsSurviveARestart() throws Exception {
        AclFixture.seedClusterAdmin(dir);
        try (TestBroker broker = TestBroker.start(dir, AclFixture.settings(Map.of()))) {
            try (Admin admin = broker.admin()) {
                AclFixture.allow(admin, ResourceType.TOPIC, "kept", PatternType.LITERAL, AclOperation.CREATE,
                        AclOperation.WRITE);
            }
            broker.restart();
            try (Admin admin = broker.admin();
                 KafkaProducer<String, String> producer = broker.producer(Map.of())) {
                assertThat(admin.describeAcls(new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC,
                        "kept", PatternType.LITERAL), AccessControlEntryFilter.ANY)).values().get()).hasSize(2);
                send(producer, "kept");
            }
        }
    }
}
