package io.ferry.broker.api;

import java.util.ArrayList;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.network.RequestContext;

/**
 * DescribeClientQuotas 0-1: Ferry enforces no client quotas, so every entity has none and the answer is an empty
 * list. {@code kafka-configs --describe --entity-type users|clients} asks for quotas beside SCRAM credentials and
 * fails on a broker without this API. AlterClientQuotas is not offered: a quota that would not be enforced is not
 * accepted. Needs DESCRIBE_CONFIGS on the cluster, as in Kafka.
 */
public final class ClientQuotasHandler implements ApiFamily {

    private final Authorization authz;

    public ClientQuotasHandler(Authorization authz) {
        this.authz = authz;
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_CLIENT_QUOTAS, 0, 1, AuthGuard.cluster(authz,
                AclOperation.DESCRIBE_CONFIGS, (RequestContext ctx, DescribeClientQuotasRequest request) ->
                        ApiHandler.done(new DescribeClientQuotasResponse(new DescribeClientQuotasResponseData()
                                .setEntries(new ArrayList<>())))));
    }
}
