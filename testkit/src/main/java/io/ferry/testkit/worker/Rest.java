package io.ferry.testkit.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The worker's REST API over HTTP (Kafka Connect's), for tests that go through the real front door. */
public final class Rest {

    /** An answer: the status code and the body, parsed as JSON when it is. */
    public record Response(int status, String body) {
        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Not JSON: " + body, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    Rest(URI base) {
        this.base = base;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** POST with a JSON body ({@code null} for none). */
    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(publisher(body)).header("Content-Type", "application/json"));
    }

    /** PUT with a JSON body ({@code null} for none). */
    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(publisher(body)).header("Content-Type", "application/json"));
    }

    /** {@code POST /connectors}; fails unless the API answers 201 Created. */
    public Response createConnector(String name, Map<String, String> config) {
        Response response = post("/connectors", Map.of("name", name, "config", config));
        if (response.status() != 201) {
            throw new AssertionError("POST /connectors " + name + " answered " + response.status() + ": " + response.body());
        }
        return response;
    }

    /** {@code PUT /connector-plugins/{class}/config/validate} with {@code config}. */
    public Response validate(String connectorClass, Map<String, String> config) {
        return put("/connector-plugins/" + connectorClass + "/config/validate", config);
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body + " as JSON", e);
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("REST call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
