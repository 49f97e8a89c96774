/**
 * The Kafka wire: a Netty server that frames requests (4-byte size prefix), parses the header and body with
 * kafka-clients' generated message classes, hands them to a {@link io.ferry.broker.network.RequestDispatcher}, and
 * writes responses back in request order per connection. Responses are written as Netty file regions wrapping
 * kafka-clients' {@code Send}, so record data read from segment files goes to the socket with {@code transferTo}
 * (zero copy). A malformed, truncated or oversized frame closes only its own connection. Kafka's connection quotas
 * ({@code max.connections}, {@code max.connections.per.ip}) are enforced at accept and {@code queued.max.request.bytes}
 * by pausing reads; errors a client causes are logged once per client and kind per interval, with a count.
 */
package io.ferry.broker.network;
