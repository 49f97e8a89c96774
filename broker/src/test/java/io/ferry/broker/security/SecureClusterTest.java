package io.ferry.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ferry.broker.replica.TestCluster;

/**
 * Three brokers whose only listener is SASL_SSL, also between brokers (PLAIN login of the brokers' own user, TLS with
 * the test's certificates): a topic with three replicas fills its ISR and takes acks=all writes, and a SCRAM user
 * created through one broker is stored in ZooKeeper where Kafka kept it and can log in on the others.
 */
@Timeout(300)
class SecureClusterTest {

    @TempDir
    Path root;
    TestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicatesOverSaslSslAndSharesScramUsers() throws Exception {
        Map<String, String> props = new HashMap<>(TestCertificates.get().broker(""));
        props.put("listeners", "SASL_SSL://127.0.0.1:0");
        props.put("security.inter.broker.protocol", "SASL_SSL");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        props.put("listener.name.sasl_ssl.plain.sasl.jaas.config", Sasl.PLAIN_MODULE + " required username=\"broker\""
                + " password=\"broker-secret\" user_broker=\"broker-secret\" user_admin=\"admin-secret\";");
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", Sasl.SCRAM_MODULE + " required;");
        cluster = TestCluster.start(root, 3, props);

        TopicPartition tp = new TopicPartition("secure", 0);
        try (Admin admin = Sasl.admin(bootstrap(1), client("PLAIN", "admin", "admin-secret"))) {
            admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 3))).all().get();
            await().atMost(TestCluster.timeout()).until(() -> cluster.state(tp).isr().size() == 3);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("carol",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "carol-secret"))).all().get();
        }
        Map<String, Object> carol = client("SCRAM-SHA-512", "carol", "carol-secret");
        for (int id : List.of(2, 3)) {
            await().atMost(TestCluster.timeout()).ignoreExceptions().until(() -> {
                try (Admin asCarol = Sasl.admin(bootstrap(id), carol)) {
                    return asCarol.describeCluster().nodes().get().size() == 3;
                }
            });
        }
        assertThat(Sasl.roundTrip(bootstrap(2), carol, tp.topic(), 5)).containsExactly("v0", "v1", "v2", "v3", "v4");
        await().atMost(TestCluster.timeout()).until(() -> List.of(1, 2, 3).stream()
                .allMatch(id -> cluster.replica(id, tp).log().logEndOffset() == 5));

        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zookeeperConnect(), new RetryOneTime(100))) {
            zk.start();
            String znode = new String(zk.getData().forPath("/config/users/carol"), StandardCharsets.UTF_8);
            assertThat(znode).contains("\"version\":1", "\"SCRAM-SHA-512\":\"salt=", "iterations=4096")
                    .doesNotContain("carol-secret");
        }
    }

    private String bootstrap(int id) {
        return "127.0.0.1:" + cluster.broker(id).port();
    }

    private static Map<String, Object> client(String mechanism, String user, String password) throws Exception {
        Map<String, Object> m = new HashMap<>(TestCertificates.get().client(false));
        m.putAll(Sasl.login("SASL_SSL", mechanism, user, password));
        return m;
    }
}
