package io.ferry.broker.api;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

import io.ferry.broker.network.RequestContext;

/** Handles one API. A completed future is the common case; long-polling APIs complete later. */
@FunctionalInterface
public interface ApiHandler<R extends AbstractRequest> {

    CompletableFuture<AbstractResponse> handle(RequestContext context, R request) throws Exception;

    /** Wraps a synchronous answer. */
    static CompletableFuture<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
