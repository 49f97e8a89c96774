package io.ferry.broker.network;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * The authentication state of one connection, consulted by the connection before each request: it may refuse the
 * request (the connection closes without an answer, as Kafka does), answer it itself (SaslHandshake and
 * SaslAuthenticate while authenticating) or let it through to the API handlers. Called on the connection's event loop
 * only.
 */
public interface Authenticator {

    /** What to do with a request of {@code api} arriving at {@code nowMs}. */
    Gate admit(ApiKeys api, long nowMs);

    /** Answers a request {@link #admit} returned {@link Gate#AUTHENTICATE} for. */
    AbstractResponse authenticate(RequestContext context, AbstractRequest request, long nowMs);

    /** Whether the connection must close once the last answer is written (a failed authentication). */
    boolean mustClose();

    /** The largest request frame accepted now (smaller before authentication). */
    default int maxFrameBytes() {
        return Integer.MAX_VALUE;
    }

    /** Why the last request was refused, for the log (no secrets). */
    String refusal();

    /** The decision about one request. */
    enum Gate {
        /** On to the API handlers. */
        DISPATCH,
        /** Answered by {@link #authenticate}. */
        AUTHENTICATE,
        /** Not allowed now: close the connection without an answer. */
        REFUSE
    }
}
