package io.ferry.testkit.driver;

import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The {@link SourceTaskContext} of the source drivers: the task's configuration and a reader of the committed offsets. */
final class SourceContext implements SourceTaskContext {

    private final Map<String, String> config;
    private final SourceOffsets offsets;
    private final PluginMetrics pluginMetrics;

    SourceContext(Map<String, String> config, SourceOffsets offsets, PluginMetrics pluginMetrics) {
        this.config = config;
        this.offsets = offsets;
        this.pluginMetrics = pluginMetrics;
    }

    @Override
    public Map<String, String> configs() {
        return config;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return offsets.reader();
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }
}
