package io.ferry.runtime.offset;

import java.util.Map;

/**
 * A connector's view of two offset stores, as KIP-618 defines it for a connector with its own
 * offsets topic: an offset found in {@code primary} (the connector's topic) wins over one in
 * {@code fallback} (the worker's topic). Writes go to {@code primary}. Starting and closing the
 * two stores is their owner's business.
 */
public final class LayeredOffsetStore implements OffsetStore {

    private final OffsetStore primary;
    private final OffsetStore fallback;

    public LayeredOffsetStore(OffsetStore primary, OffsetStore fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public void start() {
        // Both stores are started by their owner.
    }

    @Override
    public Map<String, Object> offset(String namespace, Map<String, ?> partition) {
        Map<String, Object> offset = primary.offset(namespace, partition);
        return offset != null ? offset : fallback.offset(namespace, partition);
    }

    @Override
    public Map<Map<String, Object>, Map<String, Object>> offsets(String namespace) {
        Map<Map<String, Object>, Map<String, Object>> result = fallback.offsets(namespace);
        result.putAll(primary.offsets(namespace));
        return result;
    }

    @Override
    public void write(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        primary.write(namespace, offsets);
    }

    @Override
    public void close() {
        // Both stores are closed by their owner.
    }
}
