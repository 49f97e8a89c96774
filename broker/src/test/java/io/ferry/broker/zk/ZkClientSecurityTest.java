package io.ferry.broker.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.apache.kafka.common.config.ConfigException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;

import io.ferry.broker.config.BrokerConfig;

/** The broker's ZooKeeper client settings: Kafka's keys to ZooKeeper's, system properties ignored, ACL rules. */
class ZkClientSecurityTest {

    @Test
    void tlsKeysBecomeZooKeepersClientPropertiesAndSystemPropertiesAreIgnored() {
        String key = "zookeeper.ssl.trustStore.location";
        String before = System.getProperty(key);
        System.setProperty(key, "/from/a/system/property");
        try {
            ZKClientConfig zk = ZkClientSecurity.of(config(Map.of("zookeeper.ssl.client.enable", "true",
                    "zookeeper.ssl.keystore.location", "/k.p12", "zookeeper.ssl.keystore.password", "pw",
                    "zookeeper.ssl.enabled.protocols", "TLSv1.3,TLSv1.2",
                    "zookeeper.ssl.endpoint.identification.algorithm", ""))).clientConfig();
            assertThat(zk.getProperty(ZKClientConfig.SECURE_CLIENT)).isEqualTo("true");
            assertThat(zk.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET))
                    .isEqualTo("org.apache.zookeeper.ClientCnxnSocketNetty");
            assertThat(zk.getProperty("zookeeper.ssl.keyStore.location")).isEqualTo("/k.p12");
            assertThat(zk.getProperty("zookeeper.ssl.keyStore.password")).isEqualTo("pw");
            assertThat(zk.getProperty("zookeeper.ssl.enabledProtocols")).isEqualTo("TLSv1.3,TLSv1.2");
            assertThat(zk.getProperty("zookeeper.ssl.hostnameVerification")).isEqualTo("false");
            assertThat(zk.getProperty(key)).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void setAclWithoutAnIdentityIsAConfigErrorNamingTheKeys() {
        assertThatThrownBy(() -> ZkClientSecurity.of(config(Map.of("zookeeper.set.acl", "true",
                "zookeeper.sasl.clientconfig", "NoSuchSection"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("zookeeper.set.acl")
                .hasMessageContaining("zookeeper.ssl.keystore.location")
                .hasMessageContaining("NoSuchSection");
    }

    @Test
    void aDigestLoginInZooKeepersFipsModeIsAConfigErrorSayingWhatToDo() {
        Configuration before = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return name.equals("BrokerLogin") ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.zookeeper.server.auth.DigestLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", "broker",
                        "password", "secret"))} : null;
            }
        });
        try {
            assertThatThrownBy(() -> ZkClientSecurity.of(config(Map.of("zookeeper.set.acl", "true",
                    "zookeeper.sasl.clientconfig", "BrokerLogin"))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("zookeeper.sasl.clientconfig")
                    .hasMessageContaining("-Dzookeeper.fips-mode=false")
                    .hasMessageNotContaining("secret");
        } finally {
            Configuration.setConfiguration(before);
        }
    }

    @Test
    void credentialsAreReadableByTheBrokersOnlyBelowTheChroot() {
        SecureZnodeAcls acls = new SecureZnodeAcls("ferry");
        assertThat(acls.getAclForPath("/ferry/config/users/carol")).isEqualTo(ZooDefs.Ids.CREATOR_ALL_ACL);
        assertThat(acls.getAclForPath("/ferry/config/users")).isEqualTo(ZooDefs.Ids.CREATOR_ALL_ACL);
        assertThat(acls.getAclForPath("/ferry/config/topics/t")).hasSize(2)
                .containsAll(ZooDefs.Ids.READ_ACL_UNSAFE);
        assertThat(acls.getAclForPath("/ferry")).hasSize(2);
        assertThat(acls.getAclForPath("/ferryx/config/users/carol")).hasSize(2);
    }

    private static BrokerConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("zookeeper.connect", "localhost:2182");
        return new BrokerConfig(props);
    }
}
