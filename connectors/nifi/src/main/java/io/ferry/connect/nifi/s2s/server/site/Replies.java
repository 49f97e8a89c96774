package io.ferry.connect.nifi.s2s.server.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.connect.nifi.s2s.ResponseCode;
import io.ferry.connect.nifi.s2s.SiteToSiteHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing the site's answers: JSON bodies (NiFi's TransactionResultEntity shape) and the common headers. */
final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int ttlSeconds;

    Replies(int ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    /** The version and TTL headers every data-transfer answer carries. */
    void commonHeaders(Response response) {
        response.getHeaders().put(SiteToSiteHeaders.PROTOCOL_VERSION, String.valueOf(SiteToSiteHeaders.VERSION));
        response.getHeaders().put(SiteToSiteHeaders.SERVER_TRANSACTION_TTL, String.valueOf(ttlSeconds));
    }

    void json(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        commonHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** A TransactionResultEntity: {@code {"responseCode":..,"message":..,"flowFileSent":..}}. */
    void result(Response response, Callback callback, int status, ResponseCode code, String message, Integer flowFileSent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", code.code());
        if (message != null) {
            body.put("message", message);
        }
        if (flowFileSent != null) {
            body.put("flowFileSent", flowFileSent);
        }
        json(response, callback, status, body);
    }

    void text(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        commonHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    void unknownTransaction(Response response, Callback callback, String transactionId) {
        result(response, callback, 404, ResponseCode.ABORT,
                "Transaction " + transactionId + " was not found: it never existed, finished or expired", null);
    }
}
