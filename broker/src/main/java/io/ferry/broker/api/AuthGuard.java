package io.ferry.broker.api;

import java.util.function.Function;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;

/**
 * Wraps a handler whose whole request depends on one check, answering a denied request with the request's own error
 * response shape: CLUSTER_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED or TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
 * Placed outside the {@link CoordinatorGuard}, so a denied client learns nothing about coordinators.
 */
final class AuthGuard {

    private AuthGuard() {
    }

    static <R extends AbstractRequest> ApiHandler<R> cluster(Authorization authz, AclOperation op,
                                                             ApiHandler<R> handler) {
        return (ctx, request) -> authz.allowedOnCluster(ctx, op) ? handler.handle(ctx, request)
                : ApiHandler.done(request.getErrorResponse(0, new ClusterAuthorizationException(
                        "Cluster authorization failed: " + op + " on the cluster is denied")));
    }

    /** {@code op} on the request's group. */
    static <R extends AbstractRequest> ApiHandler<R> group(Authorization authz, AclOperation op,
                                                           Function<R, String> group, ApiHandler<R> handler) {
        return (ctx, request) -> authz.allowed(ctx, op, ResourceType.GROUP, group.apply(request))
                ? handler.handle(ctx, request)
                : ApiHandler.done(request.getErrorResponse(0, new GroupAuthorizationException(
                        "Not authorized to access group: " + group.apply(request))));
    }

    /** {@code op} on the request's transactional id. */
    static <R extends AbstractRequest> ApiHandler<R> transactionalId(Authorization authz, AclOperation op,
                                                                     Function<R, String> id, ApiHandler<R> handler) {
        return (ctx, request) -> authz.allowed(ctx, op, ResourceType.TRANSACTIONAL_ID, id.apply(request))
                ? handler.handle(ctx, request)
                : ApiHandler.done(request.getErrorResponse(0, new TransactionalIdAuthorizationException(
                        "Transactional Id authorization failed")));
    }
}
