package io.ferry.broker.zk;

import java.util.List;

import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.X509Util;
import org.apache.zookeeper.common.ZKConfig;

/**
 * A {@link ZKClientConfig} that takes none of its TLS settings from the JVM's system properties: ZooKeeper's own
 * constructor copies {@code zookeeper.ssl.*}, {@code zookeeper.client.secure} and {@code zookeeper.clientCnxnSocket}
 * from them, and a ZooKeeper server in the same process (a broker's {@code zookeeper.embedded.*}, a test) sets exactly
 * those for its own TLS. The broker's client gets its TLS only from its {@code zookeeper.ssl.*} keys. The SASL and
 * protocol system properties (JAAS login context, {@code jute.maxbuffer}, {@code zookeeper.fips-mode}...) are still
 * read, as ZooKeeper does.
 */
final class IsolatedZkClientConfig extends ZKClientConfig {

    private static final List<String> NON_TLS_SYSTEM_PROPERTIES = List.of(ZKConfig.JUTE_MAXBUFFER,
            ZKConfig.KINIT_COMMAND, ZKConfig.JGSS_NATIVE, ZK_SASL_CLIENT_USERNAME, ZK_SASL_CLIENT_CANONICALIZE_HOSTNAME,
            LOGIN_CONTEXT_NAME_KEY, ENABLE_CLIENT_SASL_KEY, ZOOKEEPER_SERVER_REALM, ZOOKEEPER_SERVER_PRINCIPAL,
            DISABLE_AUTO_WATCH_RESET, ZOOKEEPER_REQUEST_TIMEOUT, X509Util.FIPS_MODE_PROPERTY);

    @Override
    protected void handleBackwardCompatibility() {
        for (String key : NON_TLS_SYSTEM_PROPERTIES) {
            String value = System.getProperty(key);
            if (value != null) {
                setProperty(key, value);
            }
        }
    }
}
