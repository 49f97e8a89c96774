package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code PUT /connector-plugins/{plugin}/config/validate}: the connector class, the number of errors, the groups and every key. */
public record ConfigInfosEntity(@JsonProperty("name") String name, @JsonProperty("error_count") int errorCount,
                                @JsonProperty("groups") List<String> groups, @JsonProperty("configs") List<ConfigInfoEntity> configs) {
}
