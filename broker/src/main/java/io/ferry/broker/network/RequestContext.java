package io.ferry.broker.network;

import java.net.InetAddress;

import org.apache.kafka.common.requests.RequestHeader;

/** Who sent a request and how: its header, the connection it came on and the listener that accepted it. */
public record RequestContext(RequestHeader header, String connectionId, InetAddress clientAddress,
                             String listenerName) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
