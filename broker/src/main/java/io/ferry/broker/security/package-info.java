/**
 * Who a client is: TLS for the SSL and SASL_SSL listeners (kafka-clients' {@code SslFactory} engines in Netty's
 * {@code SslHandler}), the SASL exchange (SaslHandshake, SaslAuthenticate, re-authentication) driving kafka-clients'
 * own PLAIN and SCRAM servers and callback handlers, the principal built by Kafka's principal builder, and the SCRAM
 * credentials the brokers keep (a file on a single node, ZooKeeper in a cluster). Configured with Kafka's key names,
 * per listener through {@code listener.name.<listener>.} prefixes. The network layer asks through
 * {@link io.ferry.broker.network.ListenerSecurity} and {@link io.ferry.broker.network.Authenticator}; the principal
 * ends up in the connection's {@link io.ferry.broker.network.Session}.
 */
package io.ferry.broker.security;
