/**
 * {@code GET /metrics}: {@link io.ferry.runtime.rest.metrics.PrometheusMetrics} exposes the tasks'
 * counters ({@link io.ferry.runtime.task.TaskMetrics}), connector and task states, and the JVM's
 * metrics in Prometheus' text format through Micrometer. Micrometer stays inside this package.
 */
package io.ferry.runtime.rest.metrics;
