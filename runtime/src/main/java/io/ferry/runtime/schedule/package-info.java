/**
 * Cron schedules of connectors ({@code schedule.cron}, {@code schedule.idle.ms}); Quartz is used
 * in this package only.
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.schedule.ConnectorScheduler}: one Quartz scheduler per worker
 *       (created on the first schedule); at each firing a connector's tasks start, and they stop
 *       once they have polled nothing for {@code schedule.idle.ms}.</li>
 *   <li>{@link io.ferry.runtime.schedule.ScheduledConnector}: what the scheduler drives
 *       (the worker's {@code ConnectorRunner}).</li>
 *   <li>{@link io.ferry.runtime.schedule.ScheduleStatus}: where a connector is in its schedule,
 *       for the status; between firings the connector is RUNNING and its tasks UNASSIGNED.</li>
 *   <li>{@link io.ferry.runtime.schedule.Schedules}: the check of {@code schedule.cron}.</li>
 * </ul>
 */
package io.ferry.runtime.schedule;
