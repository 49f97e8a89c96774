package io.ferry.broker.security;

import java.net.InetSocketAddress;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ChannelBuilders;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.PlaintextAuthenticationContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.auth.SslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.ssl.SslFactory;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.apache.kafka.common.utils.Utils;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.network.Authenticator;
import io.ferry.broker.network.ListenerSecurity;
import io.ferry.broker.network.Session;

/**
 * One listener's security, from the broker config as that listener sees it ({@code listener.name.<listener>.*} over
 * the plain keys): a server {@link SslFactory} for SSL and SASL_SSL (one engine per connection), Kafka's principal
 * builder ({@code principal.builder.class}, {@code ssl.principal.mapping.rules}) and the SASL mechanisms for
 * SASL_PLAINTEXT and SASL_SSL.
 */
final class BrokerListenerSecurity implements ListenerSecurity, AutoCloseable {

    private final String listener;
    private final SecurityProtocol protocol;
    private final SslFactory ssl;
    private final KafkaPrincipalBuilder principals;
    private final SaslMechanisms sasl;

    BrokerListenerSecurity(BrokerConfig config, String listener, CredentialCache credentials) {
        this.listener = listener;
        this.protocol = config.securityProtocol(listener);
        Map<String, Object> values = config.listenerValues(listener);
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        if (tls) {
            // Kafka's rule: on SASL_SSL, ssl.client.auth counts only when set for the listener itself.
            String clientAuth = protocol == SecurityProtocol.SASL_SSL
                    && !config.setForListener(listener, BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG) ? "none" : null;
            ssl = new SslFactory(ConnectionMode.SERVER, clientAuth, false);
            ssl.configure(values);
        } else {
            ssl = null;
        }
        String rules = (String) values.get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG);
        principals = ChannelBuilders.createPrincipalBuilder(values, null, SslPrincipalMapper.fromRules(rules));
        boolean saslListener = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        sasl = saslListener ? new SaslMechanisms(listener, values, credentials) : null;
    }

    @Override
    public SecurityProtocol protocol() {
        return protocol;
    }

    @Override
    public SSLEngine newSslEngine(InetSocketAddress peer) {
        return ssl == null ? null : ssl.createSslEngine(peer.getHostString(), peer.getPort());
    }

    @Override
    public KafkaPrincipal transportPrincipal(Session session, SSLSession sslSession) {
        return switch (protocol) {
            case PLAINTEXT -> principals.build(new PlaintextAuthenticationContext(session.clientAddress(), listener));
            case SSL -> principals.build(new SslAuthenticationContext(sslSession, session.clientAddress(), listener));
            default -> KafkaPrincipal.ANONYMOUS; // until SASL says who
        };
    }

    @Override
    public Authenticator newAuthenticator(Session session, SSLSession sslSession) {
        return sasl == null ? null : new SaslAuthenticator(session, sslSession, sasl, principals);
    }

    @Override
    public void close() {
        if (ssl != null) {
            ssl.close();
        }
        if (sasl != null) {
            sasl.close();
        }
        if (principals instanceof AutoCloseable c) {
            Utils.closeQuietly(c, "principal builder");
        }
    }
}
