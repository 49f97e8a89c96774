package io.ferry.runtime.status;

import java.util.Objects;

/**
 * The state of one connector instance.
 *
 * @param name     the connector name
 * @param state    its state
 * @param trace    the stack trace of the failure when {@code state} is {@link State#FAILED}, else null
 * @param workerId the worker running it
 */
public record ConnectorStatus(String name, State state, String trace, String workerId) {

    public ConnectorStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
