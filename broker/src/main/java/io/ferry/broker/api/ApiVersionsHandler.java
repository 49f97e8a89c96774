package io.ferry.broker.api;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

import io.ferry.broker.network.RequestContext;

/** ApiVersions 0-4: the API ranges the registry holds; an invalid client software name is INVALID_REQUEST. */
public final class ApiVersionsHandler implements ApiFamily {

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.API_VERSIONS, 0, 4, (RequestContext ctx, ApiVersionsRequest request) -> {
            ApiVersionsResponseData data = new ApiVersionsResponseData().setApiKeys(registry.advertisedVersions());
            if (!request.isValid()) {
                data.setErrorCode(Errors.INVALID_REQUEST.code());
            }
            return ApiHandler.done(new ApiVersionsResponse(data));
        });
    }
}
