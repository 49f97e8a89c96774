package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;

/** {@code GET /connectors/{name}/topics} answers {@code {"<name>": {"topics": [...]}}}. */
public record ActiveTopicsEntity(@JsonProperty("topics") Collection<String> topics) {
}
