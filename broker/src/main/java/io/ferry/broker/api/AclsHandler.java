package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsResponse;
import org.apache.kafka.common.requests.DescribeAclsRequest;
import org.apache.kafka.common.requests.DescribeAclsResponse;
import org.apache.kafka.server.authorizer.AclCreateResult;
import org.apache.kafka.server.authorizer.Authorizer;

import io.ferry.broker.acl.AuthContext;
import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;

/**
 * CreateAcls 1-3, DescribeAcls 1-3 and DeleteAcls 1-3 (kafka-acls, Admin.createAcls/describeAcls/deleteAcls), as
 * Kafka's {@code AclApis}: DescribeAcls needs DESCRIBE on the cluster, the others ALTER; without an authorizer every
 * one answers SECURITY_DISABLED.
 */
public final class AclsHandler implements ApiFamily {

    private final Authorization authz;
    private final java.util.concurrent.Executor admin;

    /** @param admin where changes run in a cluster (they write ZooKeeper); null to run in place */
    public AclsHandler(Authorization authz, java.util.concurrent.Executor admin) {
        this.authz = authz;
        this.admin = admin;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_ACLS, 1, 3, gate(AclOperation.DESCRIBE,
                (RequestContext ctx, DescribeAclsRequest r) -> ApiHandler.done(describe(r))));
        registry.register(ApiKeys.CREATE_ACLS, 1, 3, gate(AclOperation.ALTER, ApiHandler.on(admin,
                (RequestContext ctx, CreateAclsRequest r) -> create(ctx, r))));
        registry.register(ApiKeys.DELETE_ACLS, 1, 3, gate(AclOperation.ALTER, ApiHandler.on(admin,
                (RequestContext ctx, DeleteAclsRequest r) -> delete(ctx, r))));
    }

    /** SECURITY_DISABLED without an authorizer, else the cluster check, else the handler. */
    private <R extends AbstractRequest> ApiHandler<R> gate(AclOperation op, ApiHandler<R> handler) {
        ApiHandler<R> checked = AuthGuard.cluster(authz, op, handler);
        return (ctx, request) -> authz.authorizer().isEmpty()
                ? ApiHandler.done(request.getErrorResponse(0, new SecurityDisabledException(
                        "No authorizer is configured on this broker (authorizer.class.name)")))
                : checked.handle(ctx, request);
    }

    private Authorizer authorizer() {
        return authz.authorizer().orElseThrow();
    }

    private DescribeAclsResponse describe(DescribeAclsRequest request) {
        Iterable<AclBinding> found = authorizer().acls(request.filter());
        return new DescribeAclsResponse(new DescribeAclsResponseData().setErrorCode(Errors.NONE.code())
                .setResources(DescribeAclsResponse.aclsResources(found)), request.version());
    }

    private CompletableFuture<AbstractResponse> create(RequestContext ctx, CreateAclsRequest request) {
        List<AclBinding> bindings = request.data().creations().stream().map(CreateAclsRequest::aclBinding).toList();
        List<? extends CompletionStage<AclCreateResult>> results = authorizer().createAcls(new AuthContext(ctx),
                bindings);
        return all(results).thenApply(done -> {
            CreateAclsResponseData resp = new CreateAclsResponseData();
            for (AclCreateResult r : done) {
                ApiError e = r.exception().map(ApiError::fromThrowable).orElse(ApiError.NONE);
                resp.results().add(new CreateAclsResponseData.AclCreationResult().setErrorCode(e.error().code())
                        .setErrorMessage(e.message()));
            }
            return new CreateAclsResponse(resp);
        });
    }

    private CompletableFuture<AbstractResponse> delete(RequestContext ctx, DeleteAclsRequest request) {
        var results = authorizer().deleteAcls(new AuthContext(ctx), request.filters());
        return all(results).thenApply(done -> new DeleteAclsResponse(new DeleteAclsResponseData()
                .setFilterResults(done.stream().map(DeleteAclsResponse::filterResult).toList()), request.version()));
    }

    private static <T> CompletableFuture<List<T>> all(List<? extends CompletionStage<T>> stages) {
        List<CompletableFuture<T>> futures = stages.stream().map(CompletionStage::toCompletableFuture).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ArrayList<>(futures.stream().map(CompletableFuture::join).toList()));
    }
}
