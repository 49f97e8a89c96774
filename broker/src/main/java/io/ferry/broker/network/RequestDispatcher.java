package io.ferry.broker.network;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/** Routes parsed requests to the API handlers; the network layer knows nothing else about the broker. */
public interface RequestDispatcher {

    /** Whether this version of the API is implemented and advertised. */
    boolean isSupported(ApiKeys api, short version);

    /** The ApiVersions response for a client that asked with a version we do not know (always answered as v0). */
    AbstractResponse unsupportedApiVersionsResponse();

    /**
     * Handles a request. The future completes with the response, or with {@code null} when the protocol sends none
     * (Produce with acks=0).
     */
    CompletableFuture<AbstractResponse> dispatch(RequestContext context, AbstractRequest request);
}
