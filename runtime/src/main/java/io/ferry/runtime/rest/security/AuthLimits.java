package io.ferry.runtime.rest.security;

/**
 * What bounds the cost of HTTP Basic authentication: failed attempts per client address within a
 * window ({@code rest.auth.failures.max}, {@code rest.auth.failures.window.ms}), and how long
 * verified credentials are remembered ({@code rest.auth.cache.ms}).
 */
public record AuthLimits(int maxFailures, long failureWindowMs, long cacheMs) {
}
