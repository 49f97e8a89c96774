package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.replica.TestCluster;

/** A test of brokers on a {@link SecuredZooKeeper}: both are stopped after each test, brokers first. */
@Timeout(300)
abstract class SecuredZooKeeperTest {

    @TempDir
    Path root;
    SecuredZooKeeper zookeeper;
    TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (zookeeper != null) {
                zookeeper.close();
            }
        }
    }

    /** Creates {@code topic} with three replicas and the SCRAM user carol through the cluster; waits for the ISR. */
    TopicPartition replicatedTopicAndScramUser(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 3))).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "carol-secret"))).all().get();
        }
        await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 3);
        return tp;
    }

    /** A started Curator client that presents no credentials. */
    static CuratorFramework anonymous(String connect) {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryOneTime(100));
        client.start();
        return client;
    }

    /** {@code client} can neither change the controller nor read carol's SCRAM credential. */
    static void cannotTakeOverOrReadCredentials(CuratorFramework client) {
        assertThatThrownBy(() -> client.setData().forPath("/controller", "{\"brokerid\":9}".getBytes()))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> client.getData().forPath("/config/users/carol"))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }
}
