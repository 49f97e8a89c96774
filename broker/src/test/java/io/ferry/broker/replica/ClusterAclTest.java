package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.AclFixture;
import io.ferry.broker.it.Clients;
import io.ferry.broker.zk.ZkAclStore;

/**
 * ACLs in a 3-broker cluster that denies what no ACL allows: created through one broker, they are stored in ZooKeeper
 * at Kafka's ZooKeeper-era paths and JSON and enforced by the others; deleting them through another broker lifts them
 * everywhere.
 * <p>
 * There is no authentication yet, so brokers replicate as {@code User:ANONYMOUS} like the test's clients. Kafka
 * requires the inter-broker principal to be a super user or to hold CLUSTER_ACTION on the cluster; ANONYMOUS cannot
 * be a super user here (nothing could be denied to the clients), so the test bootstraps CLUSTER_ACTION (and ALTER, to
 * manage ACLs) straight into ZooKeeper, as Kafka's operators bootstrapped ACLs there. The acks=all writes to a
 * 3-replica topic check that followers may fetch.
 */
class ClusterAclTest {

    @TempDir
    Path root;

    @Test
    void anAclCreatedThroughOneBrokerIsEnforcedByTheOthers() throws Exception {
        try (TestCluster cluster = TestCluster.start(root, 3, AclFixture.settings(Map.of()));
             Admin viaBroker1 = Clients.admin("127.0.0.1:" + cluster.broker(1).port());
             Admin viaBroker2 = Clients.admin("127.0.0.1:" + cluster.broker(2).port());
             KafkaProducer<String, String> producer = Clients.producer("127.0.0.1:" + cluster.broker(2).port(),
                     Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                             ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000))) {
            bootstrapBrokerAcls(cluster);
            Awaitility.await().atMost(TestCluster.timeout()).ignoreExceptions()
                    .until(() -> viaBroker2.describeAcls(AclBindingFilter.ANY).values().get().size() == 2);

            AclFixture.allow(viaBroker1, ResourceType.TOPIC, "guarded", PatternType.LITERAL, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.WRITE);
            AclFixture.allow(viaBroker1, ResourceType.TOPIC, "guarded-", PatternType.PREFIXED, AclOperation.READ);
            // Led by broker 3, which neither creates nor deletes the ACLs.
            viaBroker1.createTopics(List.of(new NewTopic("guarded", Map.of(0, List.of(3, 1, 2))))).all().get();
            Awaitility.await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> !writeDenied(producer));
            // Acknowledged with acks=all while all three are in the ISR: the followers fetched it (CLUSTER_ACTION).
            assertThat(cluster.state(new TopicPartition("guarded", 0)).isr()).containsExactlyInAnyOrder(1, 2, 3);

            AclFixture.deny(viaBroker1, ResourceType.TOPIC, "guarded", PatternType.LITERAL, AclOperation.WRITE);
            Awaitility.await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> writeDenied(producer));

            assertThat(znode(cluster, "/kafka-acl/Topic/guarded")).contains("\"version\":1")
                    .contains("{\"principal\":\"User:ANONYMOUS\",\"permissionType\":\"Deny\",\"operation\":\"Write\","
                            + "\"host\":\"*\"}")
                    .contains("\"permissionType\":\"Allow\",\"operation\":\"Describe\"");
            assertThat(znode(cluster, "/kafka-acl-extended/prefixed/Topic/guarded-"))
                    .contains("\"permissionType\":\"Allow\",\"operation\":\"Read\"");

            viaBroker2.deleteAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "guarded",
                    PatternType.LITERAL), AclFixture.entry(AclOperation.WRITE, AclPermissionType.DENY)).toFilter()))
                    .all().get();
            Awaitility.await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> !writeDenied(producer));
        }
    }

    /** CLUSTER_ACTION (replication, markers) and ALTER (ACL management) for ANONYMOUS, written to ZooKeeper. */
    private static void bootstrapBrokerAcls(TestCluster cluster) throws Exception {
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zookeeperConnect(), new RetryOneTime(100));
             ZkAclStore store = new ZkAclStore(zk, 0)) {
            zk.start();
            store.update(new ResourcePattern(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL),
                    current -> Set.of(AclFixture.entry(AclOperation.CLUSTER_ACTION, AclPermissionType.ALLOW),
                            AclFixture.entry(AclOperation.ALTER, AclPermissionType.ALLOW)));
        }
    }

    /** Whether an acks=all write to "guarded" (led by broker 3) is refused as unauthorized. */
    private static boolean writeDenied(KafkaProducer<String, String> producer) throws Exception {
        try {
            producer.send(new ProducerRecord<>("guarded", "k", "v")).get(30, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return true;
            }
            throw e;
        }
    }

    private static String znode(TestCluster cluster, String path) throws Exception {
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zookeeperConnect(), new RetryOneTime(100))) {
            zk.start();
            return new String(zk.getData().forPath(path), StandardCharsets.UTF_8);
        }
    }
}
