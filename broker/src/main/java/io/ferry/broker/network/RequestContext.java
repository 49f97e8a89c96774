package io.ferry.broker.network;

import java.net.InetAddress;

import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/** Who sent a request and how: its header, the connection it came on and that connection's {@link Session}. */
public record RequestContext(RequestHeader header, String connectionId, Session session) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }

    public InetAddress clientAddress() {
        return session.clientAddress();
    }

    public String listenerName() {
        return session.listenerName();
    }

    public KafkaPrincipal principal() {
        return session.principal();
    }
}
