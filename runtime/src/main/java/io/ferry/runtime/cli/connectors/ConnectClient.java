package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The worker's REST API over {@code java.net.http}, with JSON bodies as Jackson trees. A status of 2xx gives a
 * {@link Reply}; any other becomes a {@link RequestFailed} with the worker's message; a worker that cannot be
 * reached becomes a {@link CliException} saying so.
 */
public final class ConnectClient {

    /** A successful reply: its status and JSON body ({@link MissingNode} when it has none). */
    public record Reply(int status, JsonNode body) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final Target target;
    private final HttpClient http;

    public ConnectClient(Target target) {
        this(target, CONNECT_TIMEOUT);
    }

    ConnectClient(Target target, Duration connectTimeout) {
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    public Target target() {
        return target;
    }

    /** A path segment, encoded (connector names may hold spaces or slashes). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    public Reply post(String path) {
        return send("POST", path, null);
    }

    public Reply patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends a request to {@code path} (below the worker's address, starting with /).
     *
     * @throws RequestFailed if the worker answered with an error status
     * @throws CliException  if the worker cannot be reached
     */
    public Reply send(String method, String path, JsonNode body) {
        URI uri = URI.create(target.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (target.credentials() != null) {
            request.header("Authorization", target.credentials().header());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable("connection refused or timed out", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCode.ERROR, "The worker at " + target.url() + " did not answer " + method + " " + path
                    + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.ERROR, "Interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Reply(status, parse(response.body()));
        }
        throw failed(method, path, status, response.body());
    }

    private CliException unreachable(String why, Exception cause) {
        return new CliException(ExitCode.ERROR, "Cannot reach the worker at " + target.url() + " (" + why
                + "): is it running? Choose another with --url, $" + Contexts.ENV_URL + " or --context", cause);
    }

    private RequestFailed failed(String method, String path, int status, String body) {
        JsonNode error = parse(body);
        String message = error.hasNonNull("message") ? error.get("message").asText() : body.strip();
        if (message.isEmpty()) {
            message = "HTTP " + status;
        }
        String shown = switch (status) {
            case 401 -> target.credentials() == null
                    ? "The worker at " + target.url() + " asks for credentials (401): set $" + Contexts.ENV_USER + " and $"
                            + Contexts.ENV_PASSWORD + ", or --credentials-file"
                    : "The worker at " + target.url() + " refused the credentials of user '" + target.credentials().user() + "' (401)";
            case 403 -> "The worker at " + target.url() + " refused " + method + " " + path + " (403): " + message;
            default -> message + (status >= 500 ? " (HTTP " + status + " from " + target.url() + ")" : "");
        };
        return new RequestFailed(status, message, shown);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
