package io.ferry.broker.acl;

import java.net.InetAddress;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;

import io.ferry.broker.network.RequestContext;

/** A request as Kafka's {@link org.apache.kafka.server.authorizer.Authorizer} sees it. */
public record AuthContext(RequestContext request) implements AuthorizableRequestContext {

    @Override
    public String listenerName() {
        return request.listenerName();
    }

    @Override
    public SecurityProtocol securityProtocol() {
        return request.session().securityProtocol();
    }

    @Override
    public KafkaPrincipal principal() {
        return request.principal();
    }

    @Override
    public InetAddress clientAddress() {
        return request.clientAddress();
    }

    @Override
    public int requestType() {
        return request.header().apiKey().id;
    }

    @Override
    public int requestVersion() {
        return request.apiVersion();
    }

    @Override
    public String clientId() {
        return request.clientId();
    }

    @Override
    public int correlationId() {
        return request.header().correlationId();
    }
}
