/**
 * The JSON bodies of the REST API, as Java records with Kafka Connect's field names
 * ({@code error_code}, {@code worker_id}, {@code kafka_cluster_id}, ...): requests
 * ({@link io.ferry.runtime.rest.dto.CreateConnectorRequest}) and answers (the {@code *Entity}
 * records). They only carry data; {@code io.ferry.runtime.rest.resources.Entities} builds them from
 * the worker's types.
 */
package io.ferry.runtime.rest.dto;
