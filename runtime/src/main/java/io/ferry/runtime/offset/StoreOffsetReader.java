package io.ferry.runtime.offset;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A connector's view of the offset store: the offsets committed in its namespace. */
public final class StoreOffsetReader implements OffsetStorageReader {

    private final OffsetStore store;
    private final String namespace;

    public StoreOffsetReader(OffsetStore store, String namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return partition == null ? null : store.offset(namespace, partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            result.put(partition, offset(partition));
        }
        return result;
    }
}
