package io.ferry.broker.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import io.ferry.broker.util.AtomicFiles;

/**
 * SCRAM credentials of a single-node broker in one properties file under its data folder, rewritten atomically on each
 * change: {@code <mechanism>/<user>=salt=...,stored_key=...,server_key=...,iterations=N} (Kafka's credential string,
 * which holds no password, only salted keys).
 */
public final class FileScramCredentialStore implements ScramCredentialStore {

    private final Path file;

    public FileScramCredentialStore(Path file) {
        this.file = file;
    }

    /** The store of a single-node broker with these log directories (next to its metadata in the first). */
    public static FileScramCredentialStore in(List<Path> logDirs) {
        return new FileScramCredentialStore(logDirs.get(0).resolve("__ferry_metadata")
                .resolve("scram-credentials.properties"));
    }

    @Override
    public synchronized Map<String, Map<ScramMechanism, ScramCredential>> load() throws IOException {
        Map<String, Map<ScramMechanism, ScramCredential>> users = new TreeMap<>();
        if (!Files.exists(file)) {
            return users;
        }
        Properties p = AtomicFiles.readProperties(file);
        for (String key : p.stringPropertyNames()) {
            int slash = key.indexOf('/');
            ScramMechanism mechanism = slash < 0 ? null : ScramMechanism.forMechanismName(key.substring(0, slash));
            if (mechanism == null) {
                throw new IOException("Malformed entry '" + key + "' in " + file);
            }
            users.computeIfAbsent(key.substring(slash + 1), u -> new TreeMap<>())
                    .put(mechanism, ScramCredentialUtils.credentialFromString(p.getProperty(key)));
        }
        return users;
    }

    @Override
    public synchronized void apply(List<Change> changes) throws IOException {
        Map<String, Map<ScramMechanism, ScramCredential>> users = load();
        for (Change c : changes) {
            Map<ScramMechanism, ScramCredential> m = users.computeIfAbsent(c.user(), u -> new TreeMap<>());
            if (c.credential() == null) {
                m.remove(c.mechanism());
            } else {
                m.put(c.mechanism(), c.credential());
            }
        }
        Map<String, String> out = new HashMap<>();
        users.forEach((user, creds) -> creds.forEach((mechanism, credential) ->
                out.put(mechanism.mechanismName() + "/" + user, ScramCredentialUtils.credentialToString(credential))));
        AtomicFiles.writeProperties(file, out);
    }
}
