package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.replica.TestCluster;
import io.ferry.broker.zk.ZkSession;

/**
 * {@code zookeeper.set.acl=true} with the brokers' TLS certificate as their ZooKeeper identity (ZooKeeper's x509
 * provider: {@code x509:CN=localhost}), below a chroot: the brokers' znodes get Kafka's ACLs (all rights for that
 * identity, read for everyone, SCRAM credentials readable by the brokers only), the cluster works with them, and a
 * client without credentials on ZooKeeper's plain port can neither change {@code /controller} or a broker's
 * registration nor read credentials.
 */
class ZooKeeperAclsTest extends SecuredZooKeeperTest {

    private static final Id BROKERS = new Id("x509", "CN=localhost");
    private static final List<ACL> READABLE = List.of(new ACL(ZooDefs.Perms.ALL, BROKERS),
            new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    private static final List<ACL> BROKERS_ONLY = List.of(new ACL(ZooDefs.Perms.ALL, BROKERS));

    @Test
    void znodesGetKafkasAclsAndAnonymousClientsCannotTamper() throws Exception {
        zookeeper = SecuredZooKeeper.tls(root.resolve("zookeeper"), true);
        Map<String, String> props = new HashMap<>(TestCertificates.get().zookeeperClient(true));
        props.put("zookeeper.set.acl", "true");
        cluster = TestCluster.start(root, 3, props, zookeeper.secureConnect() + "/ferry");

        replicatedTopicAndScramUser("guarded");

        try (CuratorFramework anonymous = anonymous(zookeeper.plainConnect() + "/ferry")) {
            for (String path : List.of("", "/brokers/ids/1", "/brokers/topics/guarded", "/controller",
                    "/controller_epoch", "/cluster/id", "/brokers/topics/guarded/partitions/0/state")) {
                assertThat(sorted(anonymous.getACL().forPath(path.isEmpty() ? "/" : path))).as(path)
                        .isEqualTo(sorted(READABLE));
            }
            assertThatThrownBy(() -> anonymous.getACL().forPath("/config/users/carol"))
                    .isInstanceOf(KeeperException.NoAuthException.class);

            assertThat(anonymous.getData().forPath("/brokers/topics/guarded")).isNotEmpty();
            assertThatThrownBy(() -> anonymous.getChildren().forPath("/config/users"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            cannotTakeOverOrReadCredentials(anonymous);
            assertThatThrownBy(() -> anonymous.delete().forPath("/brokers/ids/1"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> anonymous.create().forPath("/brokers/topics/planted"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
        }
        // The brokers' own identity (the same certificate over TLS) sees the credentials' ACLs.
        Map<String, String> brokerProps = new HashMap<>(props);
        brokerProps.put("zookeeper.connect", zookeeper.secureConnect() + "/ferry");
        try (ZkSession asBroker = ZkSession.of(new BrokerConfig(brokerProps)).start()) {
            assertThat(asBroker.client().getACL().forPath("/config/users")).isEqualTo(BROKERS_ONLY);
            assertThat(asBroker.client().getACL().forPath("/config/users/carol")).isEqualTo(BROKERS_ONLY);
            assertThat(asBroker.client().getData().forPath("/config/users/carol")).isNotEmpty();
        }
    }

    private static List<String> sorted(List<ACL> acls) {
        List<String> s = new ArrayList<>();
        acls.forEach(a -> s.add(a.getId().getScheme() + ":" + a.getId().getId() + "=" + a.getPerms()));
        s.sort(null);
        return s;
    }
}
