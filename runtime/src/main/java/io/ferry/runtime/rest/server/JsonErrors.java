package io.ferry.runtime.rest.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.runtime.rest.dto.ErrorEntity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes {@code {"error_code": N, "message": "..."}} from Jetty handlers (outside Jersey). */
public final class JsonErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrors() {
    }

    /** The error body as UTF-8 JSON. */
    public static byte[] body(int status, String message) {
        try {
            return JSON.writeValueAsBytes(new ErrorEntity(status, message));
        } catch (JsonProcessingException e) {
            return ("{\"error_code\":" + status + ",\"message\":\"\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Completes {@code response} with the status and the error body. */
    public static void write(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }
}
