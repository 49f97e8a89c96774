package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A successful operation's message, e.g. after offsets were altered. */
public record MessageEntity(@JsonProperty("message") String message) {
}
