package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A task: {@code {"connector": "x", "task": 0}}. */
public record TaskIdEntity(@JsonProperty("connector") String connector, @JsonProperty("task") int task) {
}
