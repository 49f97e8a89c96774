package io.ferry.testkit.conformance;

import io.ferry.runtime.task.TaskPluginMetrics;
import io.ferry.testkit.driver.SourceOffsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The context a connector is initialized with in the suite: it keeps the errors and reconfiguration requests raised. */
final class ConnectorContexts implements SourceConnectorContext, SinkConnectorContext, AutoCloseable {

    private final SourceOffsets offsets;
    private final Metrics metrics = new Metrics();
    private final TaskPluginMetrics pluginMetrics = new TaskPluginMetrics(metrics, "conformance", null);
    private final List<Exception> errors = new CopyOnWriteArrayList<>();
    private volatile int reconfigurations;

    ConnectorContexts(SourceOffsets offsets) {
        this.offsets = offsets;
    }

    @Override
    public void requestTaskReconfiguration() {
        reconfigurations++;
    }

    @Override
    public void raiseError(Exception e) {
        errors.add(e);
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return offsets.reader();
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    /** Releases the plugin metrics. */
    @Override
    public void close() {
        metrics.close();
    }

    /** Errors the connector raised. */
    List<Exception> errors() {
        return List.copyOf(errors);
    }

    int reconfigurations() {
        return reconfigurations;
    }
}
