package io.ferry.runtime.task;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.offset.OffsetStore;
import io.ferry.runtime.plugin.Plugins;
import io.ferry.runtime.status.StatusStore;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.metrics.Metrics;

/**
 * What every task of a worker shares.
 *
 * @param worker    the worker configuration
 * @param plugins   the plugin registry
 * @param clients   the settings of the tasks' Kafka clients
 * @param offsets   the source offset store
 * @param statuses  where task states are recorded
 * @param scheduler runs periodic source offset commits
 * @param metrics   the registry behind {@code pluginMetrics()}
 * @param taskMetrics what each task has done (REST status and {@code /metrics})
 */
public record TaskEnvironment(WorkerConfig worker, Plugins plugins, ClientConfigs clients, OffsetStore offsets,
                              StatusStore statuses, ScheduledExecutorService scheduler, Metrics metrics,
                              TaskMetricsRegistry taskMetrics) {
}
