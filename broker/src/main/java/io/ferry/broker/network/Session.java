package io.ferry.broker.network;

import java.net.InetAddress;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Who is on one connection: the listener and security protocol it came in on, the client's address and the
 * principal it authenticated as ({@link KafkaPrincipal#ANONYMOUS} until authentication says otherwise). One per
 * connection, touched only on the connection's event loop; authentication replaces the principal.
 */
public final class Session {

    private final String listenerName;
    private final SecurityProtocol securityProtocol;
    private final InetAddress clientAddress;
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;

    public Session(String listenerName, SecurityProtocol securityProtocol, InetAddress clientAddress) {
        this.listenerName = listenerName;
        this.securityProtocol = securityProtocol;
        this.clientAddress = clientAddress;
    }

    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public void authenticated(KafkaPrincipal principal) {
        this.principal = principal;
    }
}
