package io.ferry.runtime.worker;

import io.ferry.runtime.status.TaskId;
import java.util.Map;

/**
 * A task and the configuration its connector gave it ({@code GET /connectors/{name}/tasks}).
 *
 * @param id     the task
 * @param config its configuration
 */
public record TaskInfo(TaskId id, Map<String, String> config) {

    public TaskInfo {
        config = Map.copyOf(config);
    }
}
