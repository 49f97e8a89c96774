package io.ferry.broker.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Where SCRAM credentials live durably: {@link FileScramCredentialStore} on a single node, ZooKeeper in a cluster
 * ({@code io.ferry.broker.zk.ZkScramCredentialStore}). Users map to their credential per mechanism.
 */
public interface ScramCredentialStore extends AutoCloseable {

    /** One credential set ({@code credential} non-null) or deleted (null). */
    record Change(String user, ScramMechanism mechanism, ScramCredential credential) {
    }

    /** Every user's credentials as stored now. */
    Map<String, Map<ScramMechanism, ScramCredential>> load() throws IOException;

    /** Applies the changes durably (all or, on an error, possibly some of them). */
    void apply(List<Change> changes) throws IOException;

    /**
     * Calls {@code listener} with the full set whenever another writer (another broker) changed it; a store only this
     * broker writes never calls it.
     */
    default void watch(Consumer<Map<String, Map<ScramMechanism, ScramCredential>>> listener) {
    }

    @Override
    default void close() {
    }
}
