package io.ferry.broker.network;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How the connections of one listener are secured: whether they speak TLS, who a connection is before (or without)
 * SASL, and whether it must authenticate with SASL first. Implemented in {@code io.ferry.broker.security}; the network
 * layer only asks.
 */
public interface ListenerSecurity {

    /** A listener without TLS or SASL: every connection is {@link KafkaPrincipal#ANONYMOUS}. */
    ListenerSecurity PLAINTEXT = new ListenerSecurity() {
        @Override
        public SecurityProtocol protocol() {
            return SecurityProtocol.PLAINTEXT;
        }

        @Override
        public SSLEngine newSslEngine(InetSocketAddress peer) {
            return null;
        }

        @Override
        public KafkaPrincipal transportPrincipal(Session session, SSLSession ssl) {
            return KafkaPrincipal.ANONYMOUS;
        }

        @Override
        public Authenticator newAuthenticator(Session session, SSLSession ssl) {
            return null;
        }
    };

    SecurityProtocol protocol();

    /** A TLS engine for one new connection from {@code peer}; null when the listener does not use TLS. */
    SSLEngine newSslEngine(InetSocketAddress peer);

    /**
     * The principal of a connection whose transport is ready (after the TLS handshake, with its session, or at once
     * with null on a listener without TLS): for SSL, the certificate's mapped name.
     */
    KafkaPrincipal transportPrincipal(Session session, SSLSession ssl);

    /** The SASL state machine of one new connection; null when the listener does not use SASL. */
    Authenticator newAuthenticator(Session session, SSLSession ssl);
}
