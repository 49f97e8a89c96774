package io.ferry.runtime.task;

/** What the user wants a connector and its tasks to do. */
public enum TargetState {
    /** Run. */
    STARTED,
    /** Keep resources but move no data. */
    PAUSED,
    /** Shut the tasks down, keep the configuration (connectors only). */
    STOPPED
}
