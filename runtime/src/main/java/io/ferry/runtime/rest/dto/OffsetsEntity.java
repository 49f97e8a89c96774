package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET} and {@code PATCH /connectors/{name}/offsets}: {@code {"offsets": [...]}}. */
public record OffsetsEntity(@JsonProperty("offsets") List<OffsetEntity> offsets) {
}
