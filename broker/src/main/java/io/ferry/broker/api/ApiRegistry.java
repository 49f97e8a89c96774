package io.ferry.broker.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

import io.ferry.broker.network.RequestContext;
import io.ferry.broker.network.RequestDispatcher;

/**
 * The APIs this broker implements, with their version ranges, clamped to what kafka-clients' message classes know
 * and never beyond the latest stable version. Dispatches each request to its handler.
 */
public final class ApiRegistry implements RequestDispatcher {

    private record Entry(short min, short max, ApiHandler<AbstractRequest> handler) {
    }

    private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);

    /** Registers a handler for versions {@code min..max} of {@code api}. */
    @SuppressWarnings("unchecked")
    public <R extends AbstractRequest> void register(ApiKeys api, int min, int max, ApiHandler<R> handler) {
        short lo = (short) Math.max(min, api.oldestVersion());
        short hi = (short) Math.min(max, api.latestVersion(false));
        if (lo > hi) {
            throw new IllegalStateException(api + " " + min + "-" + max + " is outside what kafka-clients supports ("
                    + api.oldestVersion() + "-" + api.latestVersion(false) + ")");
        }
        entries.put(api, new Entry(lo, hi, (ApiHandler<AbstractRequest>) handler));
    }

    public void register(ApiFamily family) {
        family.registerWith(this);
    }

    @Override
    public boolean isSupported(ApiKeys api, short version) {
        Entry e = entries.get(api);
        return e != null && version >= e.min() && version <= e.max();
    }

    /** The advertised version ranges, for ApiVersions. */
    public ApiVersionCollection advertisedVersions() {
        ApiVersionCollection versions = new ApiVersionCollection();
        entries.forEach((api, e) -> versions.add(new ApiVersion()
                .setApiKey(api.id).setMinVersion(e.min()).setMaxVersion(e.max())));
        return versions;
    }

    @Override
    public AbstractResponse unsupportedApiVersionsResponse() {
        return new ApiVersionsResponse(new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(advertisedVersions()));
    }

    @Override
    public CompletableFuture<AbstractResponse> dispatch(RequestContext context, AbstractRequest request) {
        Entry e = entries.get(request.apiKey());
        if (e == null) {
            return CompletableFuture.failedFuture(new UnsupportedVersionException(request.apiKey() + " is not supported"));
        }
        try {
            return e.handler().handle(context, request);
        } catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }
}
