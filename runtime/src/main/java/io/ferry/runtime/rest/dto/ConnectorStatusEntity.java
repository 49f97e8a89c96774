package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /connectors/{name}/status}. */
public record ConnectorStatusEntity(@JsonProperty("name") String name, @JsonProperty("connector") StateEntity connector,
                                    @JsonProperty("tasks") List<TaskStateEntity> tasks, @JsonProperty("type") String type) {
}
