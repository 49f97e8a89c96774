package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.ferry.broker.acl.FileAclStore;

/**
 * What the authorization tests share. There is no authentication yet, so every client is {@code User:ANONYMOUS};
 * a broker that denies by default still has to let the tests manage ACLs, so {@link #seedClusterAdmin} gives
 * ANONYMOUS ALTER on the cluster in the store before the broker starts (as Kafka's operators bootstrap ACLs in
 * ZooKeeper or with super users).
 */
public final class AclFixture {

    public static final String ANONYMOUS = "User:ANONYMOUS";

    private AclFixture() {
    }

    /** The built-in authorizer, denying what no ACL allows, plus {@code extra}. */
    public static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("authorizer.class.name",
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found", "false",
                "group.initial.rebalance.delay.ms", "0"));
        m.putAll(extra);
        return m;
    }

    /** Lets ANONYMOUS alter (and so describe) the cluster: manage ACLs, but nothing on topics or groups. */
    public static void seedClusterAdmin(Path dataDir) {
        try (FileAclStore store = new FileAclStore(dataDir.resolve("__ferry_metadata").resolve("acls.json"))) {
            store.update(new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
                    current -> Set.of(entry(AclOperation.ALTER, AclPermissionType.ALLOW)));
        }
    }

    public static AccessControlEntry entry(AclOperation op, AclPermissionType permission) {
        return new AccessControlEntry(ANONYMOUS, "*", op, permission);
    }

    /** Allows ANONYMOUS {@code ops} on the resource through the Admin API (CreateAcls). */
    public static void allow(Admin admin, ResourceType type, String name, PatternType pattern, AclOperation... ops)
            throws Exception {
        add(admin, AclPermissionType.ALLOW, type, name, pattern, ops);
    }

    public static void deny(Admin admin, ResourceType type, String name, PatternType pattern, AclOperation... ops)
            throws Exception {
        add(admin, AclPermissionType.DENY, type, name, pattern, ops);
    }

    private static void add(Admin admin, AclPermissionType permission, ResourceType type, String name,
                            PatternType pattern, AclOperation... ops) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (AclOperation op : ops) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), entry(op, permission)));
        }
        admin.createAcls(bindings).all().get();
    }

    /** Sends one record and waits (at most 10 s) for its acknowledgement. */
    public static RecordMetadata send(KafkaProducer<String, String> producer, String topic) throws Exception {
        return producer.send(new ProducerRecord<>(topic, "k", "v")).get(10, TimeUnit.SECONDS);
    }

    /** The call fails with {@code type}, thrown directly or as the cause of an ExecutionException. */
    public static void assertFails(ThrowingCallable call, Class<? extends Throwable> type) {
        assertThatThrownBy(call).satisfies(t -> {
            Throwable cause = t;
            while ((cause instanceof ExecutionException || cause.getClass() == KafkaException.class)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(type);
        });
    }
}
