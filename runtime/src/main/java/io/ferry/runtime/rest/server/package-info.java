/**
 * The REST server's machinery: {@link io.ferry.runtime.rest.server.RestHandlers} (the Jetty server,
 * its connectors, the Jersey contexts with Jackson, CORS), {@link io.ferry.runtime.rest.server.ErrorMapper}
 * (the one exception mapper: every failure as {@code {"error_code", "message"}}),
 * {@link io.ferry.runtime.rest.server.JsonErrorHandler} (Jetty's own errors the same way),
 * {@link io.ferry.runtime.rest.server.Listener} and {@link io.ferry.runtime.rest.server.TlsSettings}.
 */
package io.ferry.runtime.rest.server;
