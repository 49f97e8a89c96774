package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /health}: {@code healthy} (200), {@code starting} (503) or {@code unhealthy} (500). */
public record HealthEntity(@JsonProperty("status") String status, @JsonProperty("message") String message) {
}
