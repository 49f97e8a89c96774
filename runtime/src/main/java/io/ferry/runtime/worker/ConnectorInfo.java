package io.ferry.runtime.worker;

import io.ferry.runtime.status.TaskId;
import java.util.List;
import java.util.Map;

/**
 * A connector as {@code GET /connectors/{name}} describes it.
 *
 * @param name   the connector name
 * @param config its configuration as given (config provider references unresolved)
 * @param tasks  its tasks
 * @param type   {@code source}, {@code sink} or {@code unknown}
 */
public record ConnectorInfo(String name, Map<String, String> config, List<TaskId> tasks, String type) {

    public ConnectorInfo {
        config = Map.copyOf(config);
        tasks = List.copyOf(tasks);
    }
}
