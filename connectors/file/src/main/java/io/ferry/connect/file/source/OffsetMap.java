package io.ferry.connect.file.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable source offset map of one record: a fixed key list shared by every record and one array of values.
 * Every record carries one, and the runtime reads only a few of them, so building it must be cheap: {@code Map.of}
 * hashes and probes every key for each record, which showed up in profiles of the source task.
 */
final class OffsetMap extends AbstractMap<String, Object> {

    private final String[] keys;
    private final Object[] values;

    /** @param keys shared, never changed; {@code values} holds one non-null value per key */
    OffsetMap(String[] keys, Object... values) {
        this.keys = keys;
        this.values = values;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Object get(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }
        };
    }
}
