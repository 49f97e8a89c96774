package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.flowfile.FlowFileFormatException;
import io.ferry.connect.nifi.flowfile.FlowFileV3;
import io.ferry.connect.nifi.flowfile.AttributeLimit;
import io.ferry.connect.nifi.flowfile.FlowFileV3Reader;
import io.ferry.connect.nifi.handoff.HeldBytes;
import io.ferry.connect.nifi.handoff.InboundSink;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NiFi ListenHTTP's protocol. {@code POST /<base>}: a body of Content-Type
 * {@code application/flowfile-v3} is a package of FlowFiles, anything else one FlowFile (name from
 * the {@code filename} header); gzip is undone on {@code flowfile-gzipped: true} or
 * {@code Content-Encoding: gzip}. Answered 200 only once Kafka acknowledged the records, 503 under
 * back pressure, 400 for a malformed package. A sender offering the hold protocol
 * ({@code x-prefer-acknowledge-uri: true}) gets 303 and a hold URI; its DELETE commits. {@code HEAD}
 * advertises the accepted formats; {@code GET /<base>/healthcheck} answers OK.
 */
final class ListenHttpHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(ListenHttpHandler.class);

    static final String ACCEPT = "application/flowfile-v3,*/*;q=0.8";
    static final String PROTOCOL_VERSION = "x-nifi-transfer-protocol-version";
    static final String PREFER_ACK_URI = "x-prefer-acknowledge-uri";
    static final String LOCATION_URI_INTENT = "x-location-uri-intent";
    static final String HOLD_INTENT = "flowfile-hold";
    static final String GZIPPED = "flowfile-gzipped";

    private final String basePath;
    private final InboundSink sink;
    private final Holds holds;
    private final long maxRequestBytes;
    private final HeldBytes budget;
    private final AttributeLimit attributeLimit;

    ListenHttpHandler(String basePath, InboundSink sink, Holds holds, long maxRequestBytes, HeldBytes budget, AttributeLimit attributeLimit) {
        this.basePath = basePath;
        this.sink = sink;
        this.holds = holds;
        this.maxRequestBytes = maxRequestBytes;
        this.budget = budget;
        this.attributeLimit = attributeLimit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals(basePath) || path.equals(basePath + "/")) {
            switch (method) {
                case "HEAD" -> head(response, callback);
                case "POST" -> post(request, response, callback);
                default -> reply(response, callback, 405, method + " is not allowed on " + basePath);
            }
        } else if (path.equals(basePath + "/healthcheck") && method.equals("GET")) {
            reply(response, callback, 200, "OK");
        } else if (path.startsWith(basePath + "/holds/") && method.equals("DELETE")) {
            confirmHold(path.substring((basePath + "/holds/").length()), response, callback);
        } else {
            reply(response, callback, 404, "Not found: " + method + " " + path);
        }
        return true;
    }

    private void head(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.ACCEPT, ACCEPT);
        response.getHeaders().put(HttpHeader.ACCEPT_ENCODING, "gzip");
        response.getHeaders().put(PROTOCOL_VERSION, "3");
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    private void post(Request request, Response response, Callback callback) {
        if (sink.isFull()) {
            reply(response, callback, 503, "Back pressure: too many FlowFiles wait for Kafka; try again later");
            return;
        }
        List<FlowFile> flowFiles;
        try {
            flowFiles = read(request);
        } catch (java.util.zip.ZipException e) {
            reply(response, callback, 400, "The body is not valid gzip: " + e.getMessage());
            return;
        } catch (FlowFileFormatException e) {
            log.warn("Refused a request from {}: {}", Request.getRemoteAddr(request), e.getMessage());
            reply(response, callback, e instanceof TooLarge ? 413 : 400, e.getMessage());
            return;
        } catch (IOException e) {
            log.info("A sender from {} went away while sending ({}); nothing was kept", Request.getRemoteAddr(request), e.toString());
            callback.failed(e);
            return;
        }
        if (flowFiles == null) {
            reply(response, callback, 415, "Only FlowFile-v3 packages (" + FlowFileV3.MEDIA_TYPE + ") and raw bodies are accepted");
            return;
        }
        long bytes = flowFiles.stream().mapToLong(HeldBytes::of).sum();
        if (!budget.tryReserve(bytes)) {
            log.info("Refused {} FlowFiles from {}: {}", flowFiles.size(), Request.getRemoteAddr(request), budget.fullMessage());
            reply(response, callback, 503, budget.fullMessage());
            return;
        }
        boolean holdOffered = "true".equalsIgnoreCase(request.getHeaders().get(PREFER_ACK_URI))
                && request.getHeaders().get(PROTOCOL_VERSION) != null;
        if (holdOffered) {
            String id = holds.hold(flowFiles, bytes);
            if (id == null) {
                budget.release(bytes);
                reply(response, callback, 503, "Back pressure: " + holds.size() + " holds wait for confirmation, the most "
                        + ListenHttpSourceConfig.HOLDS_MAX + " allows; try again later");
                return;
            }
            response.setStatus(303);
            response.getHeaders().put(HttpHeader.LOCATION, basePath + "/holds/" + id);
            response.getHeaders().put(LOCATION_URI_INTENT, HOLD_INTENT);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        commit(new Holds.Held(flowFiles, bytes), response, callback);
    }

    private void confirmHold(String id, Response response, Callback callback) {
        Holds.Held held = holds.release(id);
        if (held == null) {
            reply(response, callback, 404, "No hold " + id + ": it was confirmed already or expired");
            return;
        }
        commit(held, response, callback);
    }

    /** Hands the FlowFiles over and answers once they are stored; their bytes stay reserved until then. */
    private void commit(Holds.Held held, Response response, Callback callback) {
        List<FlowFile> flowFiles = held.flowFiles();
        if (flowFiles.isEmpty()) {
            budget.release(held.bytes());
            reply(response, callback, 200, "");
            return;
        }
        CompletableFuture<Void> stored;
        try {
            stored = sink.deliver(flowFiles);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> {
            budget.release(held.bytes());
            if (failure == null) {
                reply(response, callback, 200, "");
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                log.warn("{} FlowFiles not committed: {}", flowFiles.size(), cause.getMessage());
                reply(response, callback, 500, cause.getMessage());
            }
        });
    }

    /** The request's FlowFiles, or null for a format this endpoint does not take. */
    private List<FlowFile> read(Request request) throws IOException {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        boolean gzipped = "true".equalsIgnoreCase(request.getHeaders().get(GZIPPED))
                || "gzip".equalsIgnoreCase(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
        Map<String, String> listenerAttributes = new LinkedHashMap<>();
        listenerAttributes.put("restlistener.remote.source.host", Request.getRemoteAddr(request));
        listenerAttributes.put("restlistener.request.uri", request.getHttpURI().getPath());
        if (mediaType.startsWith("application/flowfile") && !mediaType.equals(FlowFileV3.MEDIA_TYPE) || mediaType.startsWith("multipart/")) {
            return null;
        }
        try (InputStream raw = Request.asInputStream(request);
             InputStream body = new Limited(gzipped ? new GZIPInputStream(raw, 64 * 1024) : new BufferedInputStream(raw, 64 * 1024), maxRequestBytes)) {
            List<FlowFile> flowFiles = new ArrayList<>();
            if (mediaType.equals(FlowFileV3.MEDIA_TYPE)) {
                FlowFileV3Reader reader = new FlowFileV3Reader(body, maxRequestBytes, attributeLimit);
                for (FlowFile next = reader.next(); next != null; next = reader.next()) {
                    Map<String, String> attributes = new LinkedHashMap<>(next.attributes());
                    attributes.putAll(listenerAttributes);
                    flowFiles.add(new FlowFile(attributes, next.content()));
                }
            } else {
                Map<String, String> attributes = new LinkedHashMap<>();
                String filename = request.getHeaders().get("filename");
                attributes.put("filename", filename == null || filename.isBlank() ? UUID.randomUUID().toString() : filename);
                if (contentType != null) {
                    attributes.put("mime.type", contentType);
                }
                attributes.putAll(listenerAttributes);
                flowFiles.add(new FlowFile(attributes, body.readAllBytes()));
            }
            return flowFiles;
        }
    }

    private static void reply(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** A body over the size limit. */
    private static final class TooLarge extends FlowFileFormatException {
        private TooLarge(long limit) {
            super("The request body is larger than " + limit + " bytes (http.request.max.bytes)");
        }
    }

    /** Fails once more than {@code limit} bytes were read. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        private Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge(limit);
            }
        }
    }
}
