package io.ferry.runtime.task;

import io.ferry.runtime.status.TaskId;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * {@code pluginMetrics()} of a connector or task: metrics in group {@code plugins} tagged with the
 * connector (and task), in the worker's metrics registry, removed when the plugin is closed.
 */
public final class TaskPluginMetrics implements PluginMetrics, AutoCloseable {

    private static final String GROUP = "plugins";

    private final Metrics metrics;
    private final LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    private final String sensorPrefix;
    private final Set<MetricName> metricNames = ConcurrentHashMap.newKeySet();
    private final Set<String> sensors = ConcurrentHashMap.newKeySet();

    /** Metrics of a task. */
    public TaskPluginMetrics(Metrics metrics, TaskId id) {
        this(metrics, id.connector(), id.task());
    }

    /** Metrics of a connector ({@code task} null) or task. */
    public TaskPluginMetrics(Metrics metrics, String connector, Integer task) {
        this.metrics = metrics;
        tags.put("connector", connector);
        if (task != null) {
            tags.put("task", String.valueOf(task));
        }
        this.sensorPrefix = "plugin-" + connector + (task == null ? "" : "-" + task) + "-";
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> extraTags) {
        LinkedHashMap<String, String> all = new LinkedHashMap<>(tags);
        for (var tag : extraTags.entrySet()) {
            if (all.containsKey(tag.getKey())) {
                throw new IllegalArgumentException("Tag " + tag.getKey() + " is set by the runtime and cannot be used by a plugin");
            }
            all.put(tag.getKey(), tag.getValue());
        }
        return metrics.metricName(name, GROUP, description, all);
    }

    @Override
    public void addMetric(MetricName name, MetricValueProvider<?> provider) {
        metrics.addMetric(name, provider);
        metricNames.add(name);
    }

    @Override
    public void removeMetric(MetricName name) {
        metrics.removeMetric(name);
        metricNames.remove(name);
    }

    @Override
    public Sensor addSensor(String name) {
        sensors.add(name);
        return metrics.sensor(sensorPrefix + name);
    }

    @Override
    public void removeSensor(String name) {
        metrics.removeSensor(sensorPrefix + name);
        sensors.remove(name);
    }

    @Override
    public void close() {
        metricNames.forEach(metrics::removeMetric);
        sensors.forEach(name -> metrics.removeSensor(sensorPrefix + name));
        metricNames.clear();
        sensors.clear();
    }
}
