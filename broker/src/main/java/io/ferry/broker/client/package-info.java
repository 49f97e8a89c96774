/**
 * Broker-to-broker calls: a blocking {@link io.ferry.broker.client.BrokerChannel} speaking the Kafka protocol with
 * kafka-clients' request and response classes (replica fetches, transaction markers).
 */
package io.ferry.broker.client;
