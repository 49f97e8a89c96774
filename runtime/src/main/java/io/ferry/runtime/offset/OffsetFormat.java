package io.ferry.runtime.offset;

import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/** What a source partition or offset may hold: string keys, and strings, numbers, booleans or null. */
public final class OffsetFormat {

    private OffsetFormat() {
    }

    /**
     * @param what "partition" or "offset", for the message
     * @throws DataException naming the key and the type it holds if {@code map} holds anything else
     */
    public static void check(Map<?, ?> map, String what) {
        if (map == null) {
            return;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new DataException("A source " + what + " may have string keys only, not " + describe(entry.getKey()));
            }
            Object value = entry.getValue();
            if (value != null && !(value instanceof String) && !(value instanceof Boolean) && !isNumber(value)) {
                throw new DataException("A source " + what + " may hold strings, numbers, booleans and null only; '"
                        + entry.getKey() + "' holds a " + value.getClass().getName());
            }
        }
    }

    private static boolean isNumber(Object value) {
        return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof Float || value instanceof Double;
    }

    private static String describe(Object key) {
        return key == null ? "null" : key.getClass().getName();
    }
}
