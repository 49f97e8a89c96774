package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ferry's addition to a task's status: records polled and written since the task started, the
 * write rate over the last minute, errors, and a sink's consumer lag (records behind the end of its
 * partitions; absent for sources or while unknown).
 */
public record TaskMetricsEntity(@JsonProperty("records_polled") long recordsPolled,
                                @JsonProperty("records_written") long recordsWritten,
                                @JsonProperty("records_per_second") double recordsPerSecond,
                                @JsonProperty("errors") long errors,
                                @JsonProperty("offset_commits") long offsetCommits,
                                @JsonProperty("lag") @JsonInclude(JsonInclude.Include.NON_NULL) Long lag) {
}
