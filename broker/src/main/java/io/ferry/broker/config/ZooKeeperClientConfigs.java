package io.ferry.broker.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The broker's keys for its ZooKeeper client's TLS, SASL login context and znode ACLs, with Kafka 3.x's ZooKeeper-mode
 * names ({@code zookeeper.ssl.*}, {@code zookeeper.clientCnxnSocket}, {@code zookeeper.set.acl}). They are turned into
 * a per-client {@code ZKClientConfig} by {@code io.ferry.broker.zk.ZkClientSecurity}; none becomes a system property.
 */
public final class ZooKeeperClientConfigs {

    public static final String SSL_CLIENT_ENABLE = "zookeeper.ssl.client.enable";
    public static final String CLIENT_CNXN_SOCKET = "zookeeper.clientCnxnSocket";
    public static final String SSL_KEYSTORE_LOCATION = "zookeeper.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "zookeeper.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "zookeeper.ssl.keystore.type";
    public static final String SSL_TRUSTSTORE_LOCATION = "zookeeper.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "zookeeper.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "zookeeper.ssl.truststore.type";
    public static final String SSL_PROTOCOL = "zookeeper.ssl.protocol";
    public static final String SSL_ENABLED_PROTOCOLS = "zookeeper.ssl.enabled.protocols";
    public static final String SSL_CIPHER_SUITES = "zookeeper.ssl.cipher.suites";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = "zookeeper.ssl.endpoint.identification.algorithm";
    public static final String SSL_CRL_ENABLE = "zookeeper.ssl.crl.enable";
    public static final String SSL_OCSP_ENABLE = "zookeeper.ssl.ocsp.enable";
    public static final String SASL_CLIENT_CONFIG = "zookeeper.sasl.clientconfig";
    public static final String SASL_CLIENT = "zookeeper.sasl.client";
    public static final String SET_ACL = "zookeeper.set.acl";
    /** The client socket that speaks TLS; ZooKeeper's default NIO socket does not. */
    public static final String NETTY_CNXN_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

    private ZooKeeperClientConfigs() {
    }

    /** Declares the keys in the broker's definition. */
    static void define(ConfigDef def) {
        store(def, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE,
                "key store of the certificate the broker presents to ZooKeeper (its x509 identity)");
        store(def, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE,
                "trust store with the certificates (or their CA) of the ZooKeeper servers");
        def.define(SSL_CLIENT_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "connect to ZooKeeper over TLS (its secureClientPort); zookeeper.connect names those ports")
                .define(CLIENT_CNXN_SOCKET, Type.STRING, null, Importance.LOW,
                        "the ZooKeeper client socket class; default " + NETTY_CNXN_SOCKET + " when "
                                + SSL_CLIENT_ENABLE + "=true, else ZooKeeper's default")
                .define(SSL_PROTOCOL, Type.STRING, null, Importance.LOW,
                        "TLS protocol of the ZooKeeper connection; default ZooKeeper's (TLSv1.3 where the JVM has it)")
                .define(SSL_ENABLED_PROTOCOLS, Type.LIST, null, Importance.LOW,
                        "TLS protocols enabled towards ZooKeeper; default ZooKeeper's")
                .define(SSL_CIPHER_SUITES, Type.LIST, null, Importance.LOW,
                        "cipher suites enabled towards ZooKeeper; default ZooKeeper's")
                .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "HTTPS", Importance.LOW,
                        "HTTPS: the ZooKeeper server's certificate must name the host of zookeeper.connect; "
                                + "empty: no host name verification")
                .define(SSL_CRL_ENABLE, Type.BOOLEAN, false, Importance.LOW,
                        "check certificate revocation lists of ZooKeeper's certificates")
                .define(SSL_OCSP_ENABLE, Type.BOOLEAN, false, Importance.LOW,
                        "check ZooKeeper's certificates with OCSP")
                .define(SASL_CLIENT, Type.BOOLEAN, null, Importance.LOW,
                        "false: never log in to ZooKeeper with SASL; default: the system property of that name, "
                                + "else true (a login when the JAAS login context exists)")
                .define(SASL_CLIENT_CONFIG, Type.STRING, null, Importance.LOW,
                        "the JAAS login context (section of the JVM's java.security.auth.login.config) of the "
                                + "broker's ZooKeeper login, e.g. DIGEST-MD5 with "
                                + "org.apache.zookeeper.server.auth.DigestLoginModule; default: the system property "
                                + "of that name, else Client")
                .define(SET_ACL, Type.BOOLEAN, false, Importance.HIGH,
                        "create every znode with ACLs: only the broker's identity (its SASL login or TLS "
                                + "certificate) may change it, everyone may read it, except SCRAM credentials "
                                + "(/config/users) which only the broker may read");
    }

    /** A key or trust store's location, password and type. */
    private static void store(ConfigDef def, String location, String password, String type, String doc) {
        def.define(location, Type.STRING, null, Importance.MEDIUM, doc)
                .define(password, Type.PASSWORD, null, Importance.MEDIUM, "password of " + location)
                .define(type, Type.STRING, null, Importance.LOW,
                        "JKS, PKCS12 or PEM; default: guessed by ZooKeeper from the file name");
    }
}
