package io.ferry.broker.security;

import java.util.Optional;

import javax.net.ssl.SSLSession;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.SaslInternalConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import io.ferry.broker.network.Authenticator;
import io.ferry.broker.network.RequestContext;
import io.ferry.broker.network.Session;
import io.ferry.broker.util.RepeatedLog;

/**
 * The SASL state of one connection, with the rules of Kafka's {@code SaslServerAuthenticator}: before authentication
 * only ApiVersions and SaslHandshake (v1: tokens travel in SaslAuthenticate); a failure answers
 * SASL_AUTHENTICATION_FAILED with a text that does not tell whether the user exists, then closes; a session may have a
 * lifetime ({@code connections.max.reauth.ms}), after which the client re-authenticates on the same connection
 * (KIP-368) with the same mechanism and principal, or the connection closes at its next request.
 */
final class SaslAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(SaslAuthenticator.class);
    /** A client retrying a wrong password is logged once per interval, with a count. */
    private static final RepeatedLog FAILURES = new RepeatedLog(LOG,
            10_000, 1_000, System::currentTimeMillis);

    private enum State { START, AUTHENTICATING, AUTHENTICATED, FAILED }

    private final Session session;
    private final SSLSession ssl;
    private final SaslMechanisms mechanisms;
    private final KafkaPrincipalBuilder principals;
    private static final long MIN_REAUTH_INTERVAL_MS = 1000;

    private State state = State.START;
    private boolean versionsAnswered;
    private long authenticatedAtMs;
    private boolean reauthenticating;
    private String mechanism;
    private SaslServer server;
    /** When the session ends (ms since the epoch); 0 when it does not. */
    private long expiresAtMs;
    private String refusal = "";

    SaslAuthenticator(Session session, SSLSession ssl, SaslMechanisms mechanisms, KafkaPrincipalBuilder principals) {
        this.session = session;
        this.ssl = ssl;
        this.mechanisms = mechanisms;
        this.principals = principals;
    }

    @Override
    public Gate admit(ApiKeys api, long nowMs) {
        switch (state) {
            case START:
                if (api == ApiKeys.API_VERSIONS) {
                    // Kafka's rule: one ApiVersions before the handshake, not a stream of unauthenticated requests.
                    if (versionsAnswered) {
                        return refuse("a second ApiVersions before SASL authentication");
                    }
                    versionsAnswered = true;
                    return Gate.DISPATCH;
                }
                return api == ApiKeys.SASL_HANDSHAKE ? Gate.AUTHENTICATE
                        : refuse(api + " before SASL authentication (is the client configured for SASL?)");
            case AUTHENTICATING:
                return api == ApiKeys.SASL_AUTHENTICATE ? Gate.AUTHENTICATE
                        : refuse(api + " in the middle of SASL authentication");
            case AUTHENTICATED:
                if (api == ApiKeys.SASL_HANDSHAKE && expiresAtMs > 0) {
                    return nowMs - authenticatedAtMs < MIN_REAUTH_INTERVAL_MS
                            ? refuse("re-authentication less than a second after the last one")
                            : Gate.AUTHENTICATE;
                }
                if (expiresAtMs > 0 && nowMs >= expiresAtMs) {
                    return refuse("the SASL session of " + session.principal() + " expired and the client did not "
                            + "re-authenticate (" + api + " received)");
                }
                return Gate.DISPATCH;
            default:
                return refuse(api + " after a failed authentication");
        }
    }

    private Gate refuse(String why) {
        refusal = why;
        return Gate.REFUSE;
    }

    /**
     * Until the client has authenticated, a request may be at most {@code sasl.server.max.receive.size} bytes (Kafka's
     * default 512 KiB), so an unauthenticated client cannot make the broker hold socket.request.max.bytes.
     */
    @Override
    public int maxFrameBytes() {
        return state == State.AUTHENTICATED ? Integer.MAX_VALUE : mechanisms.maxReceiveBytes();
    }

    @Override
    public String refusal() {
        return refusal;
    }

    @Override
    public boolean mustClose() {
        return state == State.FAILED;
    }

    @Override
    public AbstractResponse authenticate(RequestContext context, AbstractRequest request, long nowMs) {
        if (request instanceof SaslHandshakeRequest handshake) {
            return handshake(handshake.data().mechanism());
        }
        return authenticate((SaslAuthenticateRequest) request, nowMs);
    }

    private AbstractResponse handshake(String requested) {
        SaslHandshakeResponseData data = new SaslHandshakeResponseData().setMechanisms(mechanisms.enabled());
        if (!mechanisms.enabled(requested)) {
            fail("unsupported SASL mechanism " + requested);
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        if (state == State.AUTHENTICATED && !requested.equals(mechanism)) {
            fail("re-authentication may not change the mechanism from " + mechanism + " to " + requested);
            return new SaslHandshakeResponse(data.setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        try {
            server = mechanisms.newServer(requested);
        } catch (SaslException e) {
            fail(e.getMessage());
            return new SaslHandshakeResponse(data.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        reauthenticating = state == State.AUTHENTICATED;
        mechanism = requested;
        state = State.AUTHENTICATING;
        return new SaslHandshakeResponse(data.setErrorCode(Errors.NONE.code()));
    }

    private AbstractResponse authenticate(SaslAuthenticateRequest request, long nowMs) {
        SaslAuthenticateResponseData data = new SaslAuthenticateResponseData();
        try {
            byte[] challenge = server.evaluateResponse(request.data().authBytes());
            data.setAuthBytes(challenge == null ? new byte[0] : challenge);
            if (!server.isComplete()) {
                return new SaslAuthenticateResponse(data);
            }
            KafkaPrincipal principal = principals.build(new SaslAuthenticationContext(server,
                    session.securityProtocol(), session.clientAddress(), session.listenerName(),
                    Optional.ofNullable(ssl)));
            if (reauthenticating && !principal.equals(session.principal())) {
                return failed(data, "Cannot change principals during re-authentication from " + session.principal()
                        + " to " + principal, "re-authentication as another principal");
            }
            long lifetimeMs = sessionLifetimeMs(nowMs);
            expiresAtMs = lifetimeMs > 0 ? nowMs + lifetimeMs : 0;
            if (request.version() >= 1) {
                data.setSessionLifetimeMs(lifetimeMs);
            }
            session.authenticated(principal);
            authenticatedAtMs = nowMs;
            LOG.debug("{} {} with {} on {} from {} (session lifetime {} ms)",
                    reauthenticating ? "Re-authenticated" : "Authenticated", principal, mechanism,
                    session.listenerName(), session.clientAddress().getHostAddress(), lifetimeMs);
            state = State.AUTHENTICATED;
            dispose();
            return new SaslAuthenticateResponse(data);
        } catch (SaslAuthenticationException e) {
            return failed(data, e.getMessage(), e.getMessage());
        } catch (SaslException e) {
            // Nothing about the cause (unknown user, bad proof) goes to the client.
            return failed(data, "Authentication failed during authentication due to invalid credentials with SASL "
                    + "mechanism " + mechanism, e.getMessage());
        }
    }

    /**
     * Kafka's rule: {@code connections.max.reauth.ms} when the credential does not expire; the credential's remaining
     * life when that is unset; otherwise the smaller; 0 when neither applies.
     */
    private long sessionLifetimeMs(long nowMs) {
        long maxReauthMs = mechanisms.maxReauthMs(mechanism);
        Object expiry = server.getNegotiatedProperty(SaslInternalConfigs.CREDENTIAL_LIFETIME_MS_SASL_NEGOTIATED_PROPERTY_KEY);
        if (!(expiry instanceof Long credentialExpiresAtMs)) {
            return Math.max(maxReauthMs, 0);
        }
        long remaining = Math.max(credentialExpiresAtMs - nowMs, 1);
        return maxReauthMs > 0 ? Math.min(remaining, maxReauthMs) : remaining;
    }

    private AbstractResponse failed(SaslAuthenticateResponseData data, String message, String logged) {
        fail(logged);
        return new SaslAuthenticateResponse(data.setAuthBytes(new byte[0])
                .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(message));
    }

    private void fail(String why) {
        String client = session.clientAddress().getHostAddress();
        FAILURES.log(Level.INFO, client, "SASL authentication failed", "SASL "
                + (reauthenticating ? "re-" : "") + "authentication failed on " + session.listenerName() + " from "
                + client + ": " + why);
        state = State.FAILED;
        dispose();
    }

    private void dispose() {
        if (server != null) {
            try {
                server.dispose();
            } catch (SaslException ignored) {
                // nothing held
            }
            server = null;
        }
    }
}
