package io.ferry.broker.client;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslAuthenticateResponse;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.SaslHandshakeResponse;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;

/**
 * The client side of a SASL login on a fresh broker connection: SaslHandshake v1, then SaslAuthenticate round trips
 * carrying the tokens of the JDK's PLAIN client or kafka-clients' SCRAM client. Returns the session lifetime the
 * broker granted (0: unlimited), after which the caller reconnects.
 */
final class SaslClientHandshake {

    static final List<String> SUPPORTED = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    /** A login; {@link #toString} hides the password. */
    record Credentials(String mechanism, String username, char[] password) {
        @Override
        public String toString() {
            return mechanism + " as " + username;
        }
    }

    /** Sends one request and waits for its response on the connection being authenticated. */
    @FunctionalInterface
    interface Exchange {
        AbstractResponse send(AbstractRequest request) throws IOException;
    }

    private SaslClientHandshake() {
    }

    static long authenticate(Credentials login, String host, Exchange exchange) throws IOException {
        SaslHandshakeResponse handshake = (SaslHandshakeResponse) exchange.send(new SaslHandshakeRequest.Builder(
                new SaslHandshakeRequestData().setMechanism(login.mechanism())).build((short) 1));
        if (handshake.error() != Errors.NONE) {
            throw new SaslAuthenticationException("The broker at " + host + " refused SASL mechanism "
                    + login.mechanism() + " (" + handshake.error() + "; it offers " + handshake.enabledMechanisms()
                    + ")");
        }
        SaslClient client = client(login, host);
        try {
            byte[] token = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
            while (true) {
                SaslAuthenticateResponse response = (SaslAuthenticateResponse) exchange.send(
                        new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData().setAuthBytes(token))
                                .build((short) 2));
                if (response.error() != Errors.NONE) {
                    throw new SaslAuthenticationException(response.errorMessage());
                }
                if (client.isComplete()) {
                    return response.sessionLifetimeMs(); // PLAIN: its one token was accepted
                }
                token = client.evaluateChallenge(response.saslAuthBytes());
                if (client.isComplete() && token == null) {
                    return response.sessionLifetimeMs(); // SCRAM: the server's final message checked out
                }
            }
        } finally {
            client.dispose();
        }
    }

    private static SaslClient client(Credentials login, String host) throws SaslException {
        CallbackHandler callbacks = new LoginCallbacks(login);
        if (login.mechanism().equals("PLAIN")) {
            return Sasl.createSaslClient(new String[] {"PLAIN"}, null, "kafka", host, Map.of(), callbacks);
        }
        try {
            return new ScramSaslClient(ScramMechanism.forMechanismName(login.mechanism()), callbacks);
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException(login.mechanism() + " is not available in this JVM", e);
        }
    }

    /** Answers the SASL clients' questions from the configured login. */
    private record LoginCallbacks(Credentials login) implements CallbackHandler {
        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback name) {
                    name.setName(login.username());
                } else if (c instanceof PasswordCallback password) {
                    password.setPassword(login.password());
                } else if (!(c instanceof ScramExtensionsCallback)) {
                    throw new UnsupportedCallbackException(c);
                }
            }
        }
    }
}
