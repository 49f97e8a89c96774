package io.ferry.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made once per test JVM with the JDK's {@code keytool}: the broker's (CN=localhost, valid
 * for localhost and 127.0.0.1) and a client's (CN=alice,OU=eng,O=acme), in PKCS12 keystores, and a PEM trust list
 * holding both, which every side trusts. Settings come back with Kafka's names.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-secret";
    private static TestCertificates made;

    final Path brokerKeystore;
    final Path clientKeystore;
    final String trustedPem;
    final Path trustedPemFile;

    private TestCertificates(Path dir) throws Exception {
        brokerKeystore = dir.resolve("broker.p12");
        clientKeystore = dir.resolve("client.p12");
        keyPair(brokerKeystore, "broker", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        keyPair(clientKeystore, "alice", "CN=alice,OU=eng,O=acme", null);
        Path brokerPem = dir.resolve("broker.pem");
        Path clientPem = dir.resolve("client.pem");
        keytool("-exportcert", "-rfc", "-keystore", brokerKeystore.toString(), "-storepass", PASSWORD,
                "-alias", "broker", "-file", brokerPem.toString());
        keytool("-exportcert", "-rfc", "-keystore", clientKeystore.toString(), "-storepass", PASSWORD,
                "-alias", "alice", "-file", clientPem.toString());
        trustedPem = Files.readString(brokerPem) + Files.readString(clientPem);
        trustedPemFile = Files.writeString(dir.resolve("trusted.pem"), trustedPem);
    }

    public static synchronized TestCertificates get() throws Exception {
        if (made == null) {
            Path dir = Files.createTempDirectory("ferry-test-certs");
            dir.toFile().deleteOnExit();
            made = new TestCertificates(dir);
        }
        return made;
    }

    private static void keyPair(Path store, String alias, String dname, String san) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", alias, "-dname", dname,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "7"));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args.toArray(String[]::new));
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: "
                    + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The broker's TLS settings (keystore PKCS12, truststore PEM), each key with {@code prefix}. */
    public Map<String, String> broker(String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put(prefix + "ssl.keystore.location", brokerKeystore.toString());
        m.put(prefix + "ssl.keystore.type", "PKCS12");
        m.put(prefix + "ssl.keystore.password", PASSWORD);
        m.put(prefix + "ssl.key.password", PASSWORD);
        m.put(prefix + "ssl.truststore.type", "PEM");
        m.put(prefix + "ssl.truststore.certificates", trustedPem);
        return m;
    }

    /**
     * A ZooKeeper server's TLS settings with ZooKeeper's names ({@code ssl.keyStore.*}, {@code ssl.trustStore.*}): the
     * broker's certificate, trusting the PEM list. {@code ssl.clientHostnameVerification=false} lets a client
     * certificate without the client's address in it (alice's) in.
     */
    public Map<String, String> zookeeperServer() {
        Map<String, String> m = new HashMap<>();
        m.put("ssl.keyStore.location", brokerKeystore.toString());
        m.put("ssl.keyStore.password", PASSWORD);
        m.put("ssl.keyStore.type", "PKCS12");
        m.put("ssl.trustStore.location", trustedPemFile.toString());
        m.put("ssl.trustStore.type", "PEM");
        m.put("ssl.clientHostnameVerification", "false");
        return m;
    }

    /**
     * A broker's {@code zookeeper.ssl.*} settings (Kafka's names), TLS on: the broker's certificate as its identity
     * (subject CN=localhost); with {@code trust}, the trust store that holds ZooKeeper's certificate.
     */
    public Map<String, String> zookeeperClient(boolean trust) {
        Map<String, String> m = new HashMap<>();
        m.put("zookeeper.ssl.client.enable", "true");
        m.put("zookeeper.ssl.keystore.location", brokerKeystore.toString());
        m.put("zookeeper.ssl.keystore.password", PASSWORD);
        m.put("zookeeper.ssl.keystore.type", "PKCS12");
        if (trust) {
            m.put("zookeeper.ssl.truststore.location", trustedPemFile.toString());
            m.put("zookeeper.ssl.truststore.type", "PEM");
        }
        return m;
    }

    /** A client's settings trusting the broker; with {@code withCertificate}, also presenting alice's certificate. */
    public Map<String, Object> client(boolean withCertificate) {
        Map<String, Object> m = new HashMap<>();
        m.put("ssl.truststore.type", "PEM");
        m.put("ssl.truststore.certificates", trustedPem);
        if (withCertificate) {
            m.put("ssl.keystore.location", clientKeystore.toString());
            m.put("ssl.keystore.type", "PKCS12");
            m.put("ssl.keystore.password", PASSWORD);
            m.put("ssl.key.password", PASSWORD);
        }
        return m;
    }
}
