package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One partition's offset; a null {@code offset} in {@code PATCH /connectors/{name}/offsets} removes it. */
public record OffsetEntity(@JsonProperty("partition") Map<String, Object> partition,
                           @JsonProperty("offset") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> offset) {
}
