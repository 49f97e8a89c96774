package io.ferry.runtime.rest.metrics;

import io.ferry.runtime.status.ConnectorStatus;
import io.ferry.runtime.status.State;
import io.ferry.runtime.task.TaskMetrics;
import io.ferry.runtime.worker.Worker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The worker's metrics in a Micrometer Prometheus registry: per task (tags {@code connector},
 * {@code task}, {@code type}) records polled and written, errors, offset commits and their time,
 * the write rate and a sink's consumer lag; per state the number of connectors and tasks; and the
 * JVM's memory, GC, threads, class loading, CPU and uptime. Task meters follow the tasks: they are
 * added and removed to match the running tasks before each scrape.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** Prometheus' text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Worker worker;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<TaskMetrics, List<Meter>> taskMeters = new IdentityHashMap<>();

    public PrometheusMetrics(Worker worker) {
        this.worker = worker;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (State state : State.values()) {
            Gauge.builder("ferry.connectors", worker, w -> countConnectors(w, state))
                    .description("Connectors on this worker in each state").tag("state", state.name()).register(registry);
            Gauge.builder("ferry.tasks", worker, w -> countTasks(w, state))
                    .description("Tasks on this worker in each state").tag("state", state.name()).register(registry);
        }
    }

    private static double countConnectors(Worker worker, State state) {
        int count = 0;
        for (String name : worker.connectors()) {
            if (worker.statuses().connector(name).map(ConnectorStatus::state).orElse(null) == state) {
                count++;
            }
        }
        return count;
    }

    private static double countTasks(Worker worker, State state) {
        int count = 0;
        for (String name : worker.connectors()) {
            count += (int) worker.statuses().tasks(name).stream().filter(t -> t.state() == state).count();
        }
        return count;
    }

    /** The metrics in Prometheus' text format. */
    public synchronized String scrape() {
        syncTaskMeters();
        return registry.scrape();
    }

    private void syncTaskMeters() {
        Set<TaskMetrics> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(worker.taskMetrics().all());
        for (TaskMetrics gone : new ArrayList<>(taskMeters.keySet())) {
            if (!live.contains(gone)) {
                taskMeters.remove(gone).forEach(registry::remove);
            }
        }
        Set<TaskMetrics> known = new HashSet<>(taskMeters.keySet());
        for (TaskMetrics task : live) {
            if (!known.contains(task)) {
                taskMeters.put(task, register(task));
            }
        }
    }

    private List<Meter> register(TaskMetrics task) {
        Tags tags = Tags.of("connector", task.id().connector(), "task", String.valueOf(task.id().task()), "type", task.type());
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("ferry.task.records.polled", task, TaskMetrics::recordsPolled).tags(tags)
                .description("Records returned by a source's poll() or consumed by a sink").register(registry));
        meters.add(FunctionCounter.builder("ferry.task.records.written", task, TaskMetrics::recordsWritten).tags(tags)
                .description("Records acknowledged by the broker (sources) or given to put() (sinks)").register(registry));
        meters.add(FunctionCounter.builder("ferry.task.errors", task, TaskMetrics::errors).tags(tags)
                .description("Records that failed processing, and task failures").register(registry));
        meters.add(FunctionTimer.builder("ferry.task.offset.commit", task, TaskMetrics::offsetCommits, TaskMetrics::offsetCommitNanos,
                TimeUnit.NANOSECONDS).tags(tags).description("Offset commits and the time they took").register(registry));
        meters.add(Gauge.builder("ferry.task.records.rate", task, TaskMetrics::recordsPerSecond).tags(tags)
                .description("Records written per second over the last minute").register(registry));
        if ("sink".equals(task.type())) {
            meters.add(Gauge.builder("ferry.sink.task.lag", task, t -> t.lag() < 0 ? Double.NaN : t.lag()).tags(tags)
                    .baseUnit("records").description("Records behind the end of the sink task's partitions").register(registry));
        }
        return meters;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
