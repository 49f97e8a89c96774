package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The validation result of one key: its value, recommended values, errors and visibility. */
public record ConfigValueEntity(@JsonProperty("name") String name, @JsonProperty("value") String value,
                                @JsonProperty("recommended_values") List<String> recommendedValues,
                                @JsonProperty("errors") List<String> errors, @JsonProperty("visible") boolean visible) {
}
