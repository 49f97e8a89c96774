package io.ferry.testkit.driver;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Committed source offsets, as a worker's offset store keeps them: per source partition, the offset of the
 * last record acknowledged and committed. Integral numbers come back as Long and decimals as Double, as
 * after the worker's JSON round trip, so a task that casts a stored number the wrong way fails here too.
 */
public final class SourceOffsets {

    private final Map<Map<String, Object>, Map<String, Object>> store = new ConcurrentHashMap<>();

    /** Stores {@code offset} for {@code partition} (null removes it). */
    public void put(Map<String, ?> partition, Map<String, ?> offset) {
        if (offset == null) {
            store.remove(normalize(partition));
        } else {
            store.put(normalize(partition), normalize(offset));
        }
    }

    /** The committed offset of {@code partition}, or null. */
    public Map<String, Object> get(Map<String, ?> partition) {
        Map<String, Object> offset = store.get(normalize(partition));
        return offset == null ? null : new HashMap<>(offset);
    }

    /** Every committed offset, by partition. */
    public Map<Map<String, Object>, Map<String, Object>> all() {
        return Map.copyOf(store);
    }

    /** A reader over these offsets, as a task's {@code SourceTaskContext} gives it. */
    public OffsetStorageReader reader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                partitions.forEach(p -> result.put(p, get(p)));
                return result;
            }
        };
    }

    private static Map<String, Object> normalize(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, normalize(value)));
        return copy;
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}
