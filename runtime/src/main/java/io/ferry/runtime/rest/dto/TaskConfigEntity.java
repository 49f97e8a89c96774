package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One element of {@code GET /connectors/{name}/tasks}: a task and the configuration its connector gave it. */
public record TaskConfigEntity(@JsonProperty("id") TaskIdEntity id, @JsonProperty("config") Map<String, String> config) {
}
