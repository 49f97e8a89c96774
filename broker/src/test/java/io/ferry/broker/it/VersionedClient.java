package io.ferry.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * One connection that sends request data at an exact version, the way a non-Java client picks its versions, and
 * checks that the broker answered it: a response arrived, it parses at that version with the request's correlation
 * id, and it carries no UNSUPPORTED_VERSION, UNKNOWN_SERVER_ERROR or INVALID_REQUEST.
 */
final class VersionedClient implements AutoCloseable {

    private final RawClient raw;
    private int correlationId = 1000;

    VersionedClient(int port) throws IOException {
        raw = new RawClient(port);
    }

    /** Sends {@code data} as {@code api} version {@code version} and returns the checked response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R call(ApiKeys api, short version, ApiMessage data) throws IOException {
        String what = api + " v" + version;
        int id = ++correlationId;
        RequestHeader header = new RequestHeader(api, version, "ferry-conformance", id);
        raw.writeFrame(RequestUtils.serialize(header.data(), header.headerVersion(), data, version));
        ByteBuffer frame;
        try {
            frame = raw.readFrame();
        } catch (IOException e) {
            throw new AssertionError("The broker closed the connection instead of answering " + what, e);
        }
        assertThat(frame.getInt(0)).as(what + " correlation id").isEqualTo(id);
        AbstractResponse response = AbstractResponse.parseResponse(frame, header);
        assertThat(response.apiKey()).as(what).isEqualTo(api);
        assertThat(response.errorCounts().keySet()).as(what + " errors")
                .doesNotContain(Errors.UNSUPPORTED_VERSION, Errors.UNKNOWN_SERVER_ERROR, Errors.INVALID_REQUEST);
        return (R) response;
    }

    /** The connection still carries requests: an ApiVersions v0 on it is answered. */
    void assertStillOpen() throws IOException {
        call(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData());
    }

    RawClient raw() {
        return raw;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
