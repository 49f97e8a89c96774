package io.ferry.runtime.task;

import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * What a source task can ask the worker: its configuration, its committed offsets, its metrics,
 * and (exactly-once delivery with {@code transaction.boundary=connector} only, else null) the
 * transaction context through which it defines transaction boundaries.
 */
record WorkerSourceTaskContext(Map<String, String> configs, OffsetStorageReader offsetStorageReader,
                               PluginMetrics pluginMetrics, TransactionContext transactionContext) implements SourceTaskContext {
}
