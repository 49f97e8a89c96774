package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One element of {@code GET /connector-plugins}: {@code {"class": ..., "type": "source", "version": ...}}. */
public record PluginEntity(@JsonProperty("class") String className, @JsonProperty("type") String type,
                           @JsonProperty("version") String version) {
}
