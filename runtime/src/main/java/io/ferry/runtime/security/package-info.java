/**
 * Safe defaults (see docs/adr/0008-safe-by-default.md).
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.security.ConnectorSecurity}: client overrides only as
 *       {@code connector.client.config.override.policy} (default None) allows, never client config
 *       providers; JAAS checks of connector configurations.</li>
 *   <li>{@link io.ferry.runtime.security.JaasPolicy}: the login modules a {@code sasl.jaas.config}
 *       may name ({@code ferry.sasl.jaas.allowed.login.modules}; JndiLoginModule and LdapLoginModule
 *       never); {@link io.ferry.runtime.security.WorkerSecurity} applies it to the worker
 *       configuration.</li>
 *   <li>{@link io.ferry.runtime.security.AllowedPaths}: the folders file connectors may use
 *       ({@code ferry.file.allowed.paths}), given to connectors that declare the key and checked by the worker for
 *       Apache's FileStream connectors (docs/adr/0018-worker-security.md).</li>
 *   <li>{@link io.ferry.runtime.security.Redactor}: which settings are secret and the secret values
 *       the worker has seen; masks them in texts and configurations.
 *       {@link io.ferry.runtime.security.RedactingPatternLayout} masks them in log lines.</li>
 * </ul>
 *
 * The limits of config providers (allowed.paths, allowlist.pattern) are enforced where providers are
 * created, in {@link io.ferry.runtime.config.ConfigProviders}.
 */
package io.ferry.runtime.security;
