/**
 * Ferry's plugin subsystem: Kafka Connect plugins (connectors, converters, header converters,
 * transformations, predicates, config providers and connector client config override policies)
 * discovered on the worker's class path and under {@code plugin.path}, each plugin location in
 * its own child-first {@link io.ferry.runtime.plugin.PluginClassLoader}.
 *
 * <p>The plugin API is Kafka Connect's own ({@code org.apache.kafka:connect-api}), so existing
 * Kafka Connect plugins run unmodified. Entry points:
 * <ul>
 *   <li>{@link io.ferry.runtime.plugin.Plugins}: the registry. Build it with
 *       {@link io.ferry.runtime.plugin.Plugins#load(java.util.List, PluginDiscoveryMode)}, then
 *       {@link io.ferry.runtime.plugin.Plugins#resolve(PluginKind, String)} a name given in a
 *       configuration (full class name, simple name, or simple name without the kind's suffix)
 *       and {@link io.ferry.runtime.plugin.Plugins#newInstance(PluginDesc, Class)} it.</li>
 *   <li>{@link io.ferry.runtime.plugin.PluginPathWatcher}: picks up plugins dropped into the
 *       plugin path while the worker runs, and offers a deterministic
 *       {@link io.ferry.runtime.plugin.PluginPathWatcher#rescan()}.</li>
 *   <li>{@link io.ferry.runtime.plugin.LoaderSwap}: runs plugin code with the plugin's loader as
 *       the thread context class loader.</li>
 * </ul>
 *
 * <p>Which classes a plugin may bring itself and which always come from the worker is decided by
 * {@link io.ferry.runtime.plugin.ClassIsolation}. Errors surfaced to users are Kafka Connect's
 * {@link org.apache.kafka.connect.errors.ConnectException}s; configuration values that cannot be
 * parsed raise Kafka's {@link org.apache.kafka.common.config.ConfigException}.
 */
package io.ferry.runtime.plugin;
