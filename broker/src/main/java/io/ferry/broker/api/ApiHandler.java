package io.ferry.broker.api;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

import io.ferry.broker.network.RequestContext;

/** Handles one API. A completed future is the common case; long-polling APIs complete later. */
@FunctionalInterface
public interface ApiHandler<R extends AbstractRequest> {

    CompletableFuture<AbstractResponse> handle(RequestContext context, R request) throws Exception;

    /**
     * Runs {@code handler} on {@code executor} instead of the network thread (work that blocks: waiting for ZooKeeper
     * or for replication). With a null executor it runs in place.
     */
    static <R extends AbstractRequest> ApiHandler<R> on(java.util.concurrent.Executor executor, ApiHandler<R> handler) {
        if (executor == null) {
            return handler;
        }
        return (ctx, request) -> CompletableFuture.supplyAsync(() -> {
            try {
                return handler.handle(ctx, request);
            } catch (Exception e) {
                return CompletableFuture.<AbstractResponse>failedFuture(e);
            }
        }, executor).thenCompose(f -> f);
    }

    /** Wraps a synchronous answer. */
    static CompletableFuture<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
