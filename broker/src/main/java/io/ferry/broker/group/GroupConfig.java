package io.ferry.broker.group;

/** The group coordinator's settings, with Kafka's broker key names in {@code BrokerConfig}. */
public record GroupConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                          int maxGroupSize, int offsetsTopicPartitions, int offsetMetadataMaxBytes) {
}
