package io.ferry.connect.nifi.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed server and client certificates made with the JDK's keytool: {@code server.p12},
 * {@code client.p12}, and truststores trusting the other side ({@code server-trust.p12} trusts the
 * client, {@code client-trust.p12} the server). Password {@value #PASSWORD}.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    public TestCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        keypair("server", "CN=localhost");
        keypair("client", "CN=nifi-client");
        trust("server", "client-trust.p12");
        trust("client", "server-trust.p12");
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public Path serverTruststore() {
        return dir.resolve("server-trust.p12");
    }

    public Path clientTruststore() {
        return dir.resolve("client-trust.p12");
    }

    private void keypair(String alias, String dname) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD,
                "-file", dir.resolve(alias + ".crt").toString());
    }

    private void trust(String alias, String truststore) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", dir.resolve(alias + ".crt").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(truststore).toString(), "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
