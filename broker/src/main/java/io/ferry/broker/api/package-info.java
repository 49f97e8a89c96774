/**
 * Kafka API handlers, one class per API family (produce, fetch, metadata, offsets, topics, configs, producer ids).
 * Each registers the versions it implements with the {@link io.ferry.broker.api.ApiRegistry}, which is the only
 * source of the ApiVersions answer: nothing unimplemented or unstable is ever advertised. Errors are Kafka's own
 * taxonomy ({@link org.apache.kafka.common.protocol.Errors} and its exceptions), carried per partition or topic.
 */
package io.ferry.broker.api;
