package io.ferry.runtime.task;

import io.ferry.runtime.status.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@link TaskMetrics} of the tasks running on this worker, by task. A task runner registers
 * its metrics when its thread starts and removes them when it has stopped; a failed task keeps
 * them until it is restarted, stopped or deleted. Thread-safe.
 */
public final class TaskMetricsRegistry {

    private final Map<TaskId, TaskMetrics> tasks = new ConcurrentSkipListMap<>();

    /** Registers the metrics of a new task runner (replacing those of a previous runner of the task). */
    void register(TaskMetrics metrics) {
        tasks.put(metrics.id(), metrics);
    }

    /** Removes these metrics, if they are still the task's. */
    void unregister(TaskMetrics metrics) {
        tasks.remove(metrics.id(), metrics);
    }

    public Optional<TaskMetrics> task(TaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** The metrics of every task, by connector and task number. */
    public List<TaskMetrics> all() {
        return new ArrayList<>(tasks.values());
    }

    /** Samples every task's counters for its rate; the worker calls this once a second. */
    public void sample() {
        long now = System.currentTimeMillis();
        tasks.values().forEach(m -> m.sample(now));
    }
}
