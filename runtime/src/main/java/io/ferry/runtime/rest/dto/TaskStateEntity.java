package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A task's status: {@code {"id": 0, "state": "RUNNING", "worker_id": "host:8083"}}, with {@code trace}
 * when FAILED and (Ferry's addition) {@code metrics} while the task has run.
 */
public record TaskStateEntity(@JsonProperty("id") int id, @JsonProperty("state") String state,
                              @JsonProperty("worker_id") String workerId,
                              @JsonProperty("trace") @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
                              @JsonProperty("metrics") @JsonInclude(JsonInclude.Include.NON_NULL) TaskMetricsEntity metrics) {
}
