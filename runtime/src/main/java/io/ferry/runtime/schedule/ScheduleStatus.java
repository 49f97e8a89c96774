package io.ferry.runtime.schedule;

import java.time.Instant;

/**
 * Where a scheduled connector is in its schedule, for the status (Ferry's addition to Kafka
 * Connect's status: between firings the connector is RUNNING and its tasks are UNASSIGNED).
 *
 * @param cron       the {@code schedule.cron} expression
 * @param idleMs     {@code schedule.idle.ms}
 * @param active     whether the tasks run now (a firing started them and they have not been idle since)
 * @param lastFiring when the schedule last fired, or null
 * @param nextFiring when it fires next, or null if never
 */
public record ScheduleStatus(String cron, long idleMs, boolean active, Instant lastFiring, Instant nextFiring) {
}
