package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

import io.ferry.broker.replica.TestCluster;

/**
 * Brokers that log in to ZooKeeper with SASL DIGEST-MD5 as Kafka's did (a JAAS section of ZooKeeper's
 * DigestLoginModule, here named per client with {@code zookeeper.sasl.clientconfig}) and create their znodes with
 * {@code zookeeper.set.acl=true}: the znodes belong to {@code sasl:broker}, the cluster works, and a client without a
 * login cannot change {@code /controller} or read SCRAM credentials.
 */
class ZooKeeperSaslTest extends SecuredZooKeeperTest {

    @Test
    void brokersLogInWithDigestAndOwnTheirZnodes() throws Exception {
        zookeeper = SecuredZooKeeper.saslDigest(root.resolve("zookeeper"), Map.of("broker", "broker-secret"),
                Map.of("FerryBrokerZooKeeper", "broker"));
        cluster = TestCluster.start(root, 3, Map.of("zookeeper.sasl.clientconfig", "FerryBrokerZooKeeper",
                "zookeeper.set.acl", "true"), zookeeper.plainConnect());

        replicatedTopicAndScramUser("digest");

        try (CuratorFramework anonymous = anonymous(zookeeper.plainConnect())) {
            assertThat(anonymous.getACL().forPath("/brokers/ids/1")).containsExactlyInAnyOrder(
                    new ACL(ZooDefs.Perms.ALL, new Id("sasl", "broker")),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
            cannotTakeOverOrReadCredentials(anonymous);
        }
    }
}
