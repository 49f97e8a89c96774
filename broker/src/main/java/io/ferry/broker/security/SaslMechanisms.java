package io.ferry.broker.security;

import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramServerCallbackHandler;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCache;
import org.apache.kafka.common.utils.Utils;

/**
 * The SASL mechanisms of one listener ({@code sasl.enabled.mechanisms}), each with its callback handler configured as
 * Kafka does: PLAIN users from the {@code user_NAME} options of the listener's
 * {@code listener.name.<listener>.plain.sasl.jaas.config}, SCRAM credentials from the broker's credential cache, or a
 * {@code [<mechanism>.]sasl.server.callback.handler.class}; OAUTHBEARER always names its validator (Kafka's
 * OAuthBearerValidatorCallbackHandler for signed JWTs, or the unsecured one for development). Makes one kafka-clients SASL server per authentication.
 */
final class SaslMechanisms {

    static final List<String> SUPPORTED = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
    private static final String OAUTH_VALIDATOR =
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";
    private static final String OAUTH_UNSECURED =
            "org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler";

    private final Map<String, Object> values;
    private final Map<String, AuthenticateCallbackHandler> handlers = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    SaslMechanisms(String listener, Map<String, Object> values, CredentialCache credentials) {
        this.values = values;
        ListenerName name = new ListenerName(listener);
        String key = name.configPrefix() + BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG;
        List<String> enabled = (List<String>) values.get(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG);
        if (enabled == null || enabled.isEmpty()) {
            throw new ConfigException(key, enabled, "a SASL listener needs at least one mechanism");
        }
        for (String mechanism : enabled) {
            if (!SUPPORTED.contains(mechanism)) {
                throw new ConfigException(key, enabled, mechanism + " is not supported; use " + SUPPORTED
                        + " (Kafka's default is GSSAPI: set " + BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG
                        + ")");
            }
            handlers.put(mechanism, handler(name, mechanism, credentials));
        }
    }

    private AuthenticateCallbackHandler handler(ListenerName listener, String mechanism, CredentialCache credentials) {
        String prefix = ListenerName.saslMechanismPrefix(mechanism);
        Object custom = values.getOrDefault(prefix + BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG,
                values.get(BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG));
        AuthenticateCallbackHandler handler;
        if (custom instanceof Class<?> c) {
            handler = (AuthenticateCallbackHandler) Utils.newInstance(c);
        } else if (mechanism.equals("PLAIN")) {
            handler = new PlainServerCallbackHandler();
        } else if (mechanism.equals("OAUTHBEARER")) {
            // Safer than Kafka, whose default accepts unsigned tokens: the validator is always chosen explicitly.
            throw new ConfigException(listener.configPrefix() + prefix
                    + BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG, null,
                    "OAUTHBEARER needs a token validator: " + OAUTH_VALIDATOR + " (signed tokens, with "
                            + "sasl.oauthbearer.jwks.endpoint.url), or " + OAUTH_UNSECURED + " for development only");
        } else {
            handler = new ScramServerCallbackHandler(credentials.cache(mechanism, ScramCredential.class),
                    new DelegationTokenCache(ScramMechanism.mechanismNames()));
        }
        try {
            handler.configure(values, mechanism, jaasEntries(listener, mechanism, handler));
        } catch (IllegalArgumentException | org.apache.kafka.common.KafkaException e) {
            throw new ConfigException(listener.configPrefix() + prefix + SaslConfigs.SASL_JAAS_CONFIG, "(see message)",
                    mechanism + "'s callback handler " + handler.getClass().getSimpleName() + " refused its settings: "
                            + e.getMessage());
        }
        return handler;
    }

    /** The JAAS entries of the mechanism; PLAIN's carry the users, SCRAM needs none (as its login module has none). */
    private List<AppConfigurationEntry> jaasEntries(ListenerName listener, String mechanism,
                                                    AuthenticateCallbackHandler handler) {
        String key = listener.configPrefix() + ListenerName.saslMechanismPrefix(mechanism) + SaslConfigs.SASL_JAAS_CONFIG;
        try {
            return JaasContext.loadServerContext(listener, mechanism, values).configurationEntries();
        } catch (IllegalArgumentException e) {
            if (handler instanceof PlainServerCallbackHandler) {
                throw new ConfigException(key, "(not set)", "PLAIN needs its users in a JAAS entry, e.g. "
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"...\";");
            }
            return List.of();
        }
    }

    boolean enabled(String mechanism) {
        return handlers.containsKey(mechanism);
    }

    List<String> enabled() {
        return List.copyOf(handlers.keySet());
    }

    SaslServer newServer(String mechanism) throws SaslException {
        AuthenticateCallbackHandler handler = handlers.get(mechanism);
        if (mechanism.equals("PLAIN")) {
            return new PlainSaslServer(handler);
        }
        if (mechanism.equals("OAUTHBEARER")) {
            return new OAuthBearerSaslServer(handler);
        }
        try {
            return new ScramSaslServer(ScramMechanism.forMechanismName(mechanism), values, handler);
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException(mechanism + " is not available in this JVM", e);
        }
    }

    /**
     * {@code connections.max.reauth.ms} for the mechanism: the mechanism-prefixed value first, else the listener's
     * (0: sessions do not expire).
     */
    long maxReauthMs(String mechanism) {
        Object v = values.get(mechanism.toLowerCase(Locale.ROOT) + "."
                + BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG);
        if (v == null) {
            v = values.get(BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG);
        }
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(v.toString());
    }

    /** {@code sasl.server.max.receive.size}: the largest request accepted before authentication. */
    int maxReceiveBytes() {
        Object v = values.get(BrokerSecurityConfigs.SASL_SERVER_MAX_RECEIVE_SIZE_CONFIG);
        return v instanceof Number n ? n.intValue()
                : v == null ? BrokerSecurityConfigs.DEFAULT_SASL_SERVER_MAX_RECEIVE_SIZE : Integer.parseInt(v.toString());
    }

    void close() {
        handlers.values().forEach(AuthenticateCallbackHandler::close);
    }
}
