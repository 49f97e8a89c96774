/**
 * Broker and topic configuration, declared once with Kafka's own key names: {@link io.ferry.broker.config.BrokerConfig}
 * for {@code server.properties}, {@link io.ferry.broker.config.TopicConfigs} for topic-level keys and their broker-level
 * synonyms, {@link io.ferry.broker.config.ZooKeeperClientConfigs} for the ZooKeeper client's TLS, SASL and ACL keys. Both drive parsing, validation errors naming the key, and DescribeConfigs.
 * {@link io.ferry.broker.config.KeySuggestions} names the known key closest to an unknown one ("did you mean"), for
 * the broker's keys and the worker's.
 */
package io.ferry.broker.config;
