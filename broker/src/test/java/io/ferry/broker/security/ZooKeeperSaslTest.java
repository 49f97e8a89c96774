package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartition;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.replica.TestCluster;

/**
 * Brokers that log in to ZooKeeper with SASL DIGEST-MD5 as Kafka's did (a JAAS section of ZooKeeper's
 * DigestLoginModule, here named per client with {@code zookeeper.sasl.clientconfig}) and create their znodes with
 * {@code zookeeper.set.acl=true}: the znodes belong to {@code sasl:broker}, the cluster works, and a client without a
 * login cannot change {@code /controller} or read SCRAM credentials.
 */
@Timeout(300)
class ZooKeeperSaslTest {

    @TempDir
    Path root;
    SecuredZooKeeper zookeeper;
    TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void brokersLogInWithDigestAndOwnTheirZnodes() throws Exception {
        zookeeper = SecuredZooKeeper.saslDigest(root.resolve("zookeeper"), Map.of("broker", "broker-secret"),
                Map.of("FerryBrokerZooKeeper", "broker"));
        cluster = TestCluster.start(root, 3, Map.of("zookeeper.sasl.clientconfig", "FerryBrokerZooKeeper",
                "zookeeper.set.acl", "true"), zookeeper.plainConnect());

        TopicPartition tp = new TopicPartition("digest", 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 3))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "carol-secret"))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 3);

        try (CuratorFramework anonymous = CuratorFrameworkFactory.newClient(zookeeper.plainConnect(),
                new RetryOneTime(100))) {
            anonymous.start();
            assertThat(anonymous.getACL().forPath("/brokers/ids/1")).containsExactlyInAnyOrder(
                    new ACL(ZooDefs.Perms.ALL, new Id("sasl", "broker")),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
            assertThatThrownBy(() -> anonymous.setData().forPath("/controller", "{\"brokerid\":9}".getBytes()))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.getData().forPath("/config/users/carol"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
        }
    }
}
