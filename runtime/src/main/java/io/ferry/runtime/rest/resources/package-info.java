/**
 * The REST API's resources, one per path family: {@code /} and {@code /health}
 * ({@link io.ferry.runtime.rest.resources.RootResource}), {@code /connectors}
 * ({@link io.ferry.runtime.rest.resources.ConnectorsResource}), its {@code tasks}, {@code offsets}
 * and {@code topics}, {@code /connector-plugins}, {@code /admin/loggers} (logback) and
 * {@code /metrics}. Each call is a plain synchronous call into the worker, which serialises
 * changes; failures are thrown and reach the client through the one exception mapper.
 */
package io.ferry.runtime.rest.resources;
