package io.ferry.runtime.status;

/** The states of a connector or task, as Kafka Connect's REST API names them. */
public enum State {
    /** Known to the worker but not (yet) running. */
    UNASSIGNED,
    /** Started and working. */
    RUNNING,
    /** Paused by the user: tasks keep their resources but move no data. */
    PAUSED,
    /** Stopped by the user (connectors only): tasks shut down, the configuration kept. */
    STOPPED,
    /** Failed; the status carries the stack trace. */
    FAILED,
    /** Being restarted. */
    RESTARTING
}
