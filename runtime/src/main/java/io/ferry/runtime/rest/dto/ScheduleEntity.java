package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ferry's addition to the status of a connector with {@code schedule.cron}: the expression, whether its tasks run
 * now, and the last and next firings (ISO-8601, absent when there is none).
 */
public record ScheduleEntity(@JsonProperty("cron") String cron,
                             @JsonProperty("idle_ms") long idleMs,
                             @JsonProperty("active") boolean active,
                             @JsonProperty("last_firing") @JsonInclude(JsonInclude.Include.NON_NULL) String lastFiring,
                             @JsonProperty("next_firing") @JsonInclude(JsonInclude.Include.NON_NULL) String nextFiring) {
}
