/**
 * Kafka API handlers, one class per API family (produce, fetch, metadata, offsets, topics, configs, producer ids).
 * Each registers the versions it implements with the {@link io.ferry.broker.api.ApiRegistry}, which is the only
 * source of the ApiVersions answer: nothing unimplemented or unstable is ever advertised. Errors are Kafka's own
 * taxonomy ({@link org.apache.kafka.common.protocol.Errors} and its exceptions), carried per partition or topic.
 * Before acting, each handler asks {@link io.ferry.broker.acl.Authorization} what Kafka's handler would check
 * ({@link io.ferry.broker.api.AuthGuard} for requests that hang on one check); {@link io.ferry.broker.api.AclsHandler}
 * serves the ACL APIs.
 */
package io.ferry.broker.api;
