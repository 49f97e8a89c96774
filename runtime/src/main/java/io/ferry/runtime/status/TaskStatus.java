package io.ferry.runtime.status;

import java.util.Objects;

/**
 * The state of one task.
 *
 * @param id       the task
 * @param state    its state
 * @param trace    the stack trace of the failure when {@code state} is {@link State#FAILED}, else null
 * @param workerId the worker running it
 */
public record TaskStatus(TaskId id, State state, String trace, String workerId) {

    public TaskStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }
}
