package io.ferry.runtime.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /}: the Kafka (Connect) version and commit the worker implements, and its Kafka cluster's id. */
public record ServerInfoEntity(@JsonProperty("version") String version, @JsonProperty("commit") String commit,
                               @JsonProperty("kafka_cluster_id") String kafkaClusterId) {
}
