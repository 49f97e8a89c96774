package io.ferry.runtime.rest.server;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error answers (a path outside every context, a malformed request, a failure before
 * Jersey) as {@code {"error_code": N, "message": ...}}, whatever the client accepts: never an HTML
 * page or a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {

    public JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JsonErrors.body(code, text(code, message))), callback);
        return true;
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(new String(JsonErrors.body(code, text(code, message)), StandardCharsets.UTF_8));
    }

    private static String text(int code, String message) {
        if (message != null && !message.isBlank()) {
            return message;
        }
        String reason = HttpStatus.getMessage(code);
        return code == 404 ? "Not found: no such path" : reason;
    }
}
