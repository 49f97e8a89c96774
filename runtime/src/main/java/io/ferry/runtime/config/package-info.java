/**
 * Configuration of the worker and of connectors, with Kafka Connect's key names, each declared
 * once in a {@link org.apache.kafka.common.config.ConfigDef}.
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.config.WorkerConfig}: the worker properties file
 *       ({@code connect-standalone.properties}) plus Ferry's {@code ferry.*} keys.</li>
 *   <li>{@link io.ferry.runtime.config.RestConfigDef}: the REST API's keys, part of the worker's definition;
 *       unknown keys are warned about with the closest known key (the broker's
 *       {@link io.ferry.broker.config.KeySuggestions}).</li>
 *   <li>{@link io.ferry.runtime.config.ConnectorConfig}: the keys the runtime reads from every
 *       connector configuration (class, tasks, converters, transformations, predicates, errors,
 *       sink topics); the connector's own keys are passed through.</li>
 *   <li>{@link io.ferry.runtime.config.ConnectorFiles}: connector configurations in
 *       {@code .properties} or JSON files, as Kafka Connect standalone accepts them.</li>
 *   <li>{@link io.ferry.runtime.config.ConfigProviders}: {@code config.providers}, resolving
 *       {@code ${provider:path:key}} references in connector configurations.</li>
 * </ul>
 *
 * Invalid settings are reported all at once, each naming the key and what is allowed:
 * {@link org.apache.kafka.common.config.ConfigException} for the worker,
 * {@link io.ferry.runtime.config.ConnectorConfigException} (a {@code ConnectException}) for a
 * connector.
 */
package io.ferry.runtime.config;
