/**
 * The REST API's authentication: {@link io.ferry.runtime.rest.security.BasicAuthHandler} (HTTP
 * Basic on every request, before anything else but CORS preflight),
 * {@link io.ferry.runtime.rest.security.UsersFile} ({@code user:hash} lines) and
 * {@link io.ferry.runtime.rest.security.PasswordHash} (PBKDF2-HMAC-SHA256 from the JDK, compared in
 * constant time; {@code bin/ferry hash-password} makes them), with its cost bounded:
 * {@link io.ferry.runtime.rest.security.VerifiedCredentials} (credentials verified recently, as keyed hashes) and
 * {@link io.ferry.runtime.rest.security.FailureLimiter} (429 past {@code rest.auth.failures.max} failures of a client
 * address). See docs/adr/0005-rest-api.md and docs/adr/0018-worker-security.md.
 */
package io.ferry.runtime.rest.security;
