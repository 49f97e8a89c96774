package io.ferry.runtime.task;

import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** What a source task can ask the worker: its configuration, its committed offsets, its metrics. */
record WorkerSourceTaskContext(Map<String, String> configs, OffsetStorageReader offsetStorageReader,
                               PluginMetrics pluginMetrics) implements SourceTaskContext {
}
