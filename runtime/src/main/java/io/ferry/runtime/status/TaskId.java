package io.ferry.runtime.status;

import java.util.Objects;

/**
 * A task of a connector: {@code connector} and the task's index, from 0.
 *
 * @param connector the connector name
 * @param task      the task number
 */
public record TaskId(String connector, int task) implements Comparable<TaskId> {

    public TaskId {
        Objects.requireNonNull(connector, "connector");
        if (task < 0) {
            throw new IllegalArgumentException("task must be >= 0: " + task);
        }
    }

    @Override
    public int compareTo(TaskId other) {
        int byConnector = connector.compareTo(other.connector);
        return byConnector != 0 ? byConnector : Integer.compare(task, other.task);
    }

    /** {@code connector-task}, as Kafka Connect names task threads and clients. */
    @Override
    public String toString() {
        return connector + "-" + task;
    }
}
