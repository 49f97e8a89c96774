package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One key in a validation answer: its definition and its value. */
public record ConfigInfoEntity(@JsonProperty("definition") ConfigKeyEntity definition, @JsonProperty("value") ConfigValueEntity value) {
}
