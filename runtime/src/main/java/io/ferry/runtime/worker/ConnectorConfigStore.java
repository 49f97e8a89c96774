package io.ferry.runtime.worker;

import io.ferry.runtime.task.TargetState;
import java.util.List;
import java.util.Map;

/**
 * Where connector configurations created at runtime survive a restart, with their target state.
 * A distributed worker will keep them in a config topic behind the same interface.
 */
public interface ConnectorConfigStore {

    /** A stored connector. */
    record StoredConnector(String name, Map<String, String> config, TargetState targetState) {
        public StoredConnector {
            config = Map.copyOf(config);
        }
    }

    /** Every stored connector. Unreadable entries are reported and skipped. */
    List<StoredConnector> load();

    /** Stores (or replaces) a connector durably before returning. */
    void put(StoredConnector connector);

    /** Forgets a connector; nothing happens if it is not stored. */
    void remove(String name);
}
