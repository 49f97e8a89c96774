package io.ferry.runtime.status;

import java.util.List;

/**
 * A connector's status with its tasks', as {@code GET /connectors/{name}/status} returns it.
 *
 * @param name      the connector name
 * @param connector the connector's own status
 * @param tasks     the status of each task, by task number
 * @param type      {@code source}, {@code sink} or {@code unknown} (the class could not be loaded)
 */
public record ConnectorStateInfo(String name, ConnectorStatus connector, List<TaskStatus> tasks, String type) {

    public ConnectorStateInfo {
        tasks = List.copyOf(tasks);
    }
}
