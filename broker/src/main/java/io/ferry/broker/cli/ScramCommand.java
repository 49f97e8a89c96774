package io.ferry.broker.cli;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.security.FileScramCredentialStore;
import io.ferry.broker.security.ScramCredentialStore;
import io.ferry.broker.security.ScramCredentialStore.Change;
import io.ferry.broker.zk.ZkScramCredentialStore;
import io.ferry.broker.zk.ZkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry scram server.properties --add-scram 'SCRAM-SHA-256=[name=admin,password=...]'}: sets SCRAM credentials
 * where the broker keeps them (its data folder, or ZooKeeper when {@code zookeeper.connect} is set), so the first
 * admin exists before the first start, as {@code kafka-storage format --add-scram} does. On a single node, run it with
 * the broker stopped; later changes go through {@code kafka-configs --entity-type users}.
 */
@Command(name = "scram", mixinStandardHelpOptions = true,
        description = "Set or delete SCRAM credentials of a broker (before its first start, or with it stopped).")
public final class ScramCommand implements Callable<Integer> {

    private static final Pattern ENTRY = Pattern.compile("(SCRAM-SHA-(?:256|512))=\\[(.*)]");

    @Parameters(index = "0", paramLabel = "SERVER_PROPERTIES", description = "the broker's configuration file")
    Path configFile;

    @Option(names = "--add-scram", paramLabel = "MECH=[name=N,password=P[,iterations=I]]",
            description = "set a credential, e.g. SCRAM-SHA-512=[name=admin,password=secret]")
    List<String> add = new ArrayList<>();

    @Option(names = "--delete-scram", paramLabel = "MECH=[name=N]", description = "delete a credential")
    List<String> delete = new ArrayList<>();

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "override a property of the file")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<Change> changes = new ArrayList<>();
        try {
            add.forEach(a -> changes.add(change(a, true)));
            delete.forEach(d -> changes.add(change(d, false)));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        BrokerConfig config;
        try {
            config = BrokerConfig.load(configFile, overrides);
        } catch (ConfigException | java.nio.file.NoSuchFileException e) {
            System.err.println("Invalid broker configuration: " + e.getMessage());
            return 2;
        }
        if (config.zookeeperConnect().isPresent()) {
            try (ZkSession session = ZkSession.of(config).start();
                 ScramCredentialStore store = new ZkScramCredentialStore(session.client())) {
                store.apply(changes);
            } catch (org.apache.kafka.common.KafkaException e) {
                // ZooKeeper unreachable, its TLS or SASL failing, zookeeper.set.acl without an identity: keys named.
                System.err.println("Could not store the credentials in ZooKeeper: " + e.getMessage());
                return 1;
            }
        } else {
            FileScramCredentialStore.in(config.logDirs()).apply(changes);
        }
        changes.forEach(c -> System.out.println((c.credential() == null ? "Deleted " : "Set ")
                + c.mechanism().mechanismName() + " credential of " + c.user()));
        return 0;
    }

    /** Parses Kafka's {@code MECH=[name=...,password=...,iterations=...]} (the password may contain commas). */
    static Change change(String arg, boolean upsert) {
        Matcher m = ENTRY.matcher(arg.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Expected SCRAM-SHA-256=[name=...,password=...] or SCRAM-SHA-512=[...], "
                    + "got an argument starting with '" + arg.substring(0, Math.min(arg.length(), 14)) + "'");
        }
        ScramMechanism mechanism = ScramMechanism.forMechanismName(m.group(1));
        Map<String, String> fields = new HashMap<>();
        String body = m.group(2);
        int pw = body.indexOf("password=");
        if (pw >= 0) {
            fields.put("password", body.substring(pw + "password=".length()));
            body = body.substring(0, pw);
        }
        for (String kv : body.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                fields.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        String name = fields.get("name");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A SCRAM credential needs name=...");
        }
        if (!upsert) {
            return new Change(name, mechanism, null);
        }
        String password = fields.get("password");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("The SCRAM credential of " + name + " needs password=...");
        }
        int iterations = Integer.parseInt(fields.getOrDefault("iterations", "4096"));
        if (iterations < mechanism.minIterations() || iterations > mechanism.maxIterations()) {
            throw new IllegalArgumentException("iterations must be between " + mechanism.minIterations() + " and "
                    + mechanism.maxIterations());
        }
        try {
            return new Change(name, mechanism, new ScramFormatter(mechanism).generateCredential(password, iterations));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(mechanism.mechanismName() + " is not available in this JVM");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScramCommand()).execute(args));
    }
}
