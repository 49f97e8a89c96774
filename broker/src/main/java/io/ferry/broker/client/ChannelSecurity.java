package io.ferry.broker.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.kafka.common.security.ssl.SslFactory;

import io.ferry.broker.config.BrokerConfig;

/**
 * How this broker connects to the others: the inter-broker listener's security protocol, with TLS from that
 * listener's {@code ssl.*} settings in client mode, and SASL with {@code sasl.mechanism.inter.broker.protocol} and the
 * {@code username}/{@code password} of the listener's JAAS entry for that mechanism (as Kafka brokers do).
 */
public final class ChannelSecurity {

    /** Plain TCP, no authentication. */
    public static final ChannelSecurity PLAINTEXT = new ChannelSecurity(null, null, null, null);

    private final SSLContext ssl;
    private final String endpointIdentification;
    private final List<String> protocols;
    private final SaslClientHandshake.Credentials sasl;

    private ChannelSecurity(SSLContext ssl, String endpointIdentification, List<String> protocols,
                            SaslClientHandshake.Credentials sasl) {
        this.ssl = ssl;
        this.endpointIdentification = endpointIdentification;
        this.protocols = protocols;
        this.sasl = sasl;
    }

    /** The security of connections to {@code listener} of the other brokers, configured as this broker's. */
    @SuppressWarnings("unchecked")
    public static ChannelSecurity forListener(BrokerConfig config, String listener) {
        SecurityProtocol protocol = config.securityProtocol(listener);
        Map<String, Object> values = config.listenerValues(listener);
        SSLContext context = null;
        String identification = null;
        List<String> protocols = null;
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            SslFactory factory = new SslFactory(ConnectionMode.CLIENT);
            factory.configure(values);
            if (!(factory.sslEngineFactory() instanceof DefaultSslEngineFactory engines)) {
                throw new ConfigException(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, "(custom)",
                        "inter-broker TLS needs Kafka's default SSL engine factory");
            }
            context = engines.sslContext();
            identification = (String) values.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
            protocols = (List<String>) values.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
        }
        SaslClientHandshake.Credentials sasl = null;
        if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
            sasl = credentials(listener, values);
        }
        return new ChannelSecurity(context, identification, protocols, sasl);
    }

    private static SaslClientHandshake.Credentials credentials(String listener, Map<String, Object> values) {
        String mechanism = (String) values.get(BrokerSecurityConfigs.SASL_MECHANISM_INTER_BROKER_PROTOCOL_CONFIG);
        if (!SaslClientHandshake.SUPPORTED.contains(mechanism)) {
            throw new ConfigException(BrokerSecurityConfigs.SASL_MECHANISM_INTER_BROKER_PROTOCOL_CONFIG, mechanism,
                    "the inter-broker listener " + listener + " uses SASL: set it to one of "
                            + SaslClientHandshake.SUPPORTED);
        }
        String key = ListenerName.saslMechanismPrefix(mechanism) + SaslConfigs.SASL_JAAS_CONFIG;
        Password jaas = (Password) values.getOrDefault(key, values.get(SaslConfigs.SASL_JAAS_CONFIG));
        String where = new ListenerName(listener).configPrefix() + key;
        if (jaas == null) {
            throw new ConfigException(where, "(not set)", "the inter-broker SASL login needs username and password "
                    + "options in this JAAS entry");
        }
        var entries = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, jaas)).configurationEntries();
        String user = JaasContext.configEntryOption(entries, "username", null);
        String password = JaasContext.configEntryOption(entries, "password", null);
        if (user == null || password == null) {
            throw new ConfigException(where, "[hidden]", "the inter-broker SASL login needs username and password "
                    + "options in this JAAS entry");
        }
        return new SaslClientHandshake.Credentials(mechanism, user, password.toCharArray());
    }

    /** Connects, with the TLS handshake done when the listener uses TLS. */
    Socket connect(String host, int port, int timeoutMs) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(timeoutMs);
            plain.connect(new InetSocketAddress(host, port), timeoutMs);
            if (ssl == null) {
                return plain;
            }
            SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = tls.getSSLParameters();
            if (endpointIdentification != null && !endpointIdentification.isEmpty()) {
                params.setEndpointIdentificationAlgorithm(endpointIdentification.toUpperCase(java.util.Locale.ROOT));
            }
            if (protocols != null && !protocols.isEmpty()) {
                params.setProtocols(protocols.toArray(String[]::new));
            }
            tls.setSSLParameters(params);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The SASL login, or null when the listener does not use SASL. */
    SaslClientHandshake.Credentials sasl() {
        return sasl;
    }
}
