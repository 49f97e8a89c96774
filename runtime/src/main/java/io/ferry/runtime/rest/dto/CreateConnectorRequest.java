package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code POST /connectors}: {@code {"name": "x", "config": {...}, "initial_state": "RUNNING"}}; the
 * initial state (RUNNING, PAUSED or STOPPED) is optional.
 */
public record CreateConnectorRequest(@JsonProperty("name") String name, @JsonProperty("config") Map<String, String> config,
                                     @JsonProperty("initial_state") String initialState) {
}
