package io.ferry.broker.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's SCRAM users: the kafka-clients {@link CredentialCache} the SCRAM servers read, kept equal to the durable
 * store (changed here first once the store has them; changed by the store's watch when another broker wrote).
 */
public final class ScramCredentials implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScramCredentials.class);

    private final ScramCredentialStore store;
    private final CredentialCache cache = new CredentialCache();
    private Map<String, Map<ScramMechanism, ScramCredential>> users = Map.of();

    public ScramCredentials(ScramCredentialStore store) throws IOException {
        this.store = store;
        ScramCredentialUtils.createCache(cache, ScramMechanism.mechanismNames());
        replaceAll(store.load());
        store.watch(this::replaceAll);
    }

    /** The cache SCRAM authentication reads. */
    public CredentialCache cache() {
        return cache;
    }

    /** Every user with at least one credential, and their credentials. */
    public synchronized Map<String, Map<ScramMechanism, ScramCredential>> users() {
        return users;
    }

    public synchronized Optional<ScramCredential> get(String user, ScramMechanism mechanism) {
        return Optional.ofNullable(users.getOrDefault(user, Map.of()).get(mechanism));
    }

    /** Stores the changes durably, then makes them visible to authentication. */
    public synchronized void apply(List<ScramCredentialStore.Change> changes) throws IOException {
        store.apply(changes);
        Map<String, Map<ScramMechanism, ScramCredential>> next = copy(users);
        for (ScramCredentialStore.Change c : changes) {
            Map<ScramMechanism, ScramCredential> m = next.computeIfAbsent(c.user(), u -> new TreeMap<>());
            if (c.credential() == null) {
                m.remove(c.mechanism());
            } else {
                m.put(c.mechanism(), c.credential());
            }
        }
        replaceAll(next);
        LOG.info("SCRAM credentials changed: {}", changes.stream()
                .map(c -> (c.credential() == null ? "deleted " : "set ") + c.mechanism().mechanismName() + " of "
                        + c.user()).toList());
    }

    private synchronized void replaceAll(Map<String, Map<ScramMechanism, ScramCredential>> next) {
        for (ScramMechanism m : ScramMechanism.values()) {
            CredentialCache.Cache<ScramCredential> c = cache.cache(m.mechanismName(), ScramCredential.class);
            users.forEach((user, creds) -> {
                if (creds.containsKey(m) && !next.getOrDefault(user, Map.of()).containsKey(m)) {
                    c.remove(user);
                }
            });
            next.forEach((user, creds) -> {
                if (creds.containsKey(m)) {
                    c.put(user, creds.get(m));
                }
            });
        }
        Map<String, Map<ScramMechanism, ScramCredential>> copy = copy(next);
        copy.values().removeIf(Map::isEmpty);
        users = copy;
    }

    private static Map<String, Map<ScramMechanism, ScramCredential>> copy(
            Map<String, Map<ScramMechanism, ScramCredential>> m) {
        Map<String, Map<ScramMechanism, ScramCredential>> out = new TreeMap<>();
        m.forEach((user, creds) -> out.put(user, new TreeMap<>(creds)));
        return out;
    }

    @Override
    public void close() {
        store.close();
    }
}
