package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A logger's level and when it was last set through the API (epoch milliseconds), or null if it never was. */
public record LoggerLevelEntity(@JsonProperty("level") String level, @JsonProperty("last_modified") Long lastModified) {
}
