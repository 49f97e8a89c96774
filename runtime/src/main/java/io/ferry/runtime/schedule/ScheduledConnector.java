package io.ferry.runtime.schedule;

/**
 * What the scheduler drives: one connector with {@code schedule.cron}. Its methods are called
 * under the worker's lock (the scheduler's {@code lock}).
 */
public interface ScheduledConnector {

    /** The connector name. */
    String name();

    /** A firing: starts the connector's tasks (if it is not paused or stopped); nothing if they run. */
    void runScheduledTasks();

    /** The tasks had nothing new for {@code schedule.idle.ms}: stops them until the next firing. */
    void stopScheduledTasks();

    /** The records the connector's running tasks have polled (a source) or consumed (a sink) so far. */
    long recordsPolled();
}
