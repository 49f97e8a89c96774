package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A connector's state in its status: {@code {"state": "RUNNING", "worker_id": "host:8083"}}, with {@code trace} when FAILED. */
public record StateEntity(@JsonProperty("state") String state, @JsonProperty("worker_id") String workerId,
                          @JsonProperty("trace") @JsonInclude(JsonInclude.Include.NON_NULL) String trace) {
}
