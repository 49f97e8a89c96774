package io.ferry.broker.api;

import java.util.List;
import java.util.function.Function;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;

import io.ferry.broker.partition.InternalTopic;

/**
 * Answers a coordinator request with NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS (in the request's own error
 * response shape) when this broker does not coordinate one of its keys, else passes it to the handler. On a
 * single-node broker every key is coordinated here and the handler runs at once; in a cluster it runs on the
 * coordinator's executor, because its writes wait for replication, which the network threads must keep serving.
 */
final class CoordinatorGuard {

    private CoordinatorGuard() {
    }

    static <R extends AbstractRequest> ApiHandler<R> owned(InternalTopic topic, Function<R, List<String>> keys,
                                                          ApiHandler<R> handler) {
        return (ctx, request) -> {
            for (String key : keys.apply(request)) {
                if (key == null) {
                    continue;
                }
                Errors e = topic.ownership(key);
                if (e != Errors.NONE) {
                    return ApiHandler.done(request.getErrorResponse(0, e.exception()));
                }
            }
            return ApiHandler.on(topic.isReplicated() ? topic.executor() : null, handler).handle(ctx, request);
        };
    }

    /** The same for a request with one key (a null key, such as a non-transactional producer's, passes). */
    static <R extends AbstractRequest> ApiHandler<R> ownedKey(InternalTopic topic, Function<R, String> key,
                                                             ApiHandler<R> handler) {
        return owned(topic, r -> java.util.Collections.singletonList(key.apply(r)), handler);
    }
}
