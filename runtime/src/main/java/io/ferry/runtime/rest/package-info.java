/**
 * The worker's REST API, compatible with Kafka Connect's so that its tools and scripts work
 * unchanged: {@link io.ferry.runtime.rest.RestConfig} (the settings, checked as a whole: listeners,
 * {@code admin.listeners}, CORS, authentication, TLS, and the refusal of an unauthenticated listener
 * other machines can reach) and {@link io.ferry.runtime.rest.RestServer} (binds the listeners
 * before the worker starts, serves once it runs, stops first).
 *
 * <ul>
 *   <li>{@code rest.server}: Jetty 12 and Jersey wiring, the one exception mapper, Jetty's own
 *       errors as JSON, listeners and TLS settings.</li>
 *   <li>{@code rest.resources}: one Jersey resource per path family, synchronous calls into the
 *       {@link io.ferry.runtime.worker.Worker}.</li>
 *   <li>{@code rest.dto}: the JSON bodies as records.</li>
 *   <li>{@code rest.security}: HTTP Basic authentication against a users file of PBKDF2 hashes.</li>
 *   <li>{@code rest.metrics}: {@code GET /metrics} through Micrometer's Prometheus registry.</li>
 * </ul>
 */
package io.ferry.runtime.rest;
