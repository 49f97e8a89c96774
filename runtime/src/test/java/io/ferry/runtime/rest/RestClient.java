package io.ferry.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A small REST client for tests: java.net.http with JSON bodies, optional Basic credentials and TLS. */
public final class RestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, headers and body (as text and, if it is JSON, parsed). */
    public record Answer(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public RestClient(URI base) {
        this(base, (SSLContext) null);
    }

    public RestClient(URI base, SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** The same client sending these Basic credentials. */
    public RestClient withCredentials(String user, String password) {
        RestClient client = new RestClient(base, http);
        client.headers.putAll(headers);
        client.headers.put("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return client;
    }

    /** The same client sending one more header. */
    public RestClient withHeader(String name, String value) {
        RestClient client = new RestClient(base, http);
        client.headers.putAll(headers);
        client.headers.put(name, value);
        return client;
    }

    private RestClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    public Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Answer patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    /** Sends a request; a String body is sent as it is (to test malformed JSON), anything else as JSON, with Content-Type application/json. */
    public Answer send(String method, String path, Object body) {
        return send(method, path, body, "application/json");
    }

    public Answer send(String method, String path, Object body, String contentType) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120));
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                request.method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
