package io.ferry.broker.cluster;

/** A broker as clients see it: id and advertised address. */
public record BrokerNode(int id, String host, int port, String rack) {
}
