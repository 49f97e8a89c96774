/**
 * Ferry's Kafka-compatible broker. {@link io.ferry.broker.BrokerServer} wires the parts together: configuration
 * ({@code config}), the wire protocol server ({@code network}), API handlers ({@code api}), cluster metadata
 * ({@code cluster}), hosted partitions ({@code partition}), producer state ({@code producer}) and storage ({@code log}).
 */
package io.ferry.broker;
