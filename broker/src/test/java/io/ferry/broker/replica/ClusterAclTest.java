package io.ferry.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.it.AclFixture;
import io.ferry.broker.it.Clients;

/**
 * ACLs in a 3-broker cluster: created through one broker, they are stored in ZooKeeper at Kafka's ZooKeeper-era
 * paths and JSON and enforced by the others; deleting them through another broker lifts them everywhere.
 * <p>
 * There is no authentication yet, so brokers replicate as {@code User:ANONYMOUS} like the test's clients. Kafka
 * requires the inter-broker principal to be a super user (or to hold CLUSTER_ACTION on the cluster); here
 * {@code allow.everyone.if.no.acl.found=true} with no ACL on the cluster lets the followers fetch, which the acks=all
 * writes to a 3-replica topic check, while the test's ACLs on one topic restrict it.
 */
class ClusterAclTest {

    @TempDir
    Path root;

    @Test
    void anAclCreatedThroughOneBrokerIsEnforcedByTheOthers() throws Exception {
        try (TestCluster cluster = TestCluster.start(root, 3, AclFixture.settings(Map.of(
                "allow.everyone.if.no.acl.found", "true")));
             Admin viaBroker1 = Clients.admin("127.0.0.1:" + cluster.broker(1).port());
             Admin viaBroker2 = Clients.admin("127.0.0.1:" + cluster.broker(2).port());
             KafkaProducer<String, String> producer = Clients.producer("127.0.0.1:" + cluster.broker(2).port(),
                     Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                             ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000))) {
            // Led by broker 3, which neither creates nor deletes the ACLs.
            viaBroker1.createTopics(List.of(new NewTopic("guarded", Map.of(0, List.of(3, 1, 2))))).all().get();
            producer.send(new ProducerRecord<>("guarded", "k", "before")).get(30, TimeUnit.SECONDS);

            AclFixture.allow(viaBroker1, ResourceType.TOPIC, "guarded", PatternType.LITERAL, AclOperation.DESCRIBE);
            AclFixture.deny(viaBroker1, ResourceType.TOPIC, "guarded", PatternType.LITERAL, AclOperation.WRITE);
            AclFixture.allow(viaBroker1, ResourceType.TOPIC, "guarded-", PatternType.PREFIXED, AclOperation.READ);
            Awaitility.await().atMost(TestCluster.timeout()).until(() -> writeDenied(producer));

            assertThat(znode(cluster, "/kafka-acl/Topic/guarded")).contains("\"version\":1")
                    .contains("{\"principal\":\"User:ANONYMOUS\",\"permissionType\":\"Deny\",\"operation\":\"Write\","
                            + "\"host\":\"*\"}")
                    .contains("\"operation\":\"Describe\"");
            assertThat(znode(cluster, "/kafka-acl-extended/prefixed/Topic/guarded-"))
                    .contains("\"permissionType\":\"Allow\",\"operation\":\"Read\"");
            assertThat(viaBroker2.describeAcls(AclBindingFilter.ANY).values().get()).hasSize(3);

            viaBroker2.deleteAcls(List.of(AclBindingFilter.ANY)).all().get();
            Awaitility.await().atMost(TestCluster.timeout()).until(() -> !writeDenied(producer));
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
