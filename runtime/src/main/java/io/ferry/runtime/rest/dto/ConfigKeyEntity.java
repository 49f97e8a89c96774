package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The definition of one configuration key, as Kafka Connect describes it. */
public record ConfigKeyEntity(@JsonProperty("name") String name, @JsonProperty("type") String type,
                              @JsonProperty("required") boolean required, @JsonProperty("default_value") String defaultValue,
                              @JsonProperty("importance") String importance, @JsonProperty("documentation") String documentation,
                              @JsonProperty("group") String group, @JsonProperty("order") int order,
                              @JsonProperty("width") String width, @JsonProperty("display_name") String displayName,
                              @JsonProperty("dependents") List<String> dependents) {
}
