package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every error: {@code {"error_code": 404, "message": "Connector x not found"}}. */
public record ErrorEntity(@JsonProperty("error_code") int errorCode, @JsonProperty("message") String message) {
}
