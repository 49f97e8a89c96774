package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /connectors/{name}}: its configuration, tasks and type ({@code source}, {@code sink} or {@code unknown}). */
public record ConnectorEntity(@JsonProperty("name") String name, @JsonProperty("config") Map<String, String> config,
                              @JsonProperty("tasks") List<TaskIdEntity> tasks, @JsonProperty("type") String type) {
}
