package io.ferry.runtime.plugin;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Plain implementations of the task contexts, enough to run tasks outside the worker. */
final class InMemoryTaskContexts {

    private InMemoryTaskContexts() {
    }

    /** Offsets kept in a map, by source partition. */
    static final class InMemoryOffsets implements OffsetStorageReader {
        private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();

        void put(Map<String, ?> partition, Map<String, ?> offset) {
            offsets.put(Map.copyOf(partition), new HashMap<>(offset));
        }

        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return offsets.get(partition);
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> result = new LinkedHashMap<>();
            for (Map<String, T> partition : partitions) {
                result.put(partition, offsets.get(partition));
            }
            return result;
        }
    }

    record Source(Map<String, String> configs, InMemoryOffsets offsets) implements SourceTaskContext {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsets;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }

    record Sink(Map<String, String> configs, Set<TopicPartition> assignment) implements SinkTaskContext {
        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
