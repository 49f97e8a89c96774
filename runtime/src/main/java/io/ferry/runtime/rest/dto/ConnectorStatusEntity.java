package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /connectors/{name}/status}; {@code schedule} only for a connector with {@code schedule.cron}. */
public record ConnectorStatusEntity(@JsonProperty("name") String name, @JsonProperty("connector") StateEntity connector,
                                    @JsonProperty("tasks") List<TaskStateEntity> tasks, @JsonProperty("type") String type,
                                    @JsonProperty("schedule") @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleEntity schedule) {
}
