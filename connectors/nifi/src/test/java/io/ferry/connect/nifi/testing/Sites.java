package io.ferry.connect.nifi.testing;

import io.ferry.connect.nifi.s2s.server.site.Site;
import io.ferry.connect.nifi.s2s.server.site.SiteRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connector settings and raw HTTP access for tests of the site. */
public final class Sites {

    /** An ephemeral listener: connectors configured with it share one site on a free port. */
    public static final String EPHEMERAL = "http://localhost:0";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Sites() {
    }

    public static Map<String, String> source(String connector, String port, String topic, String... more) {
        Map<String, String> props = props(more);
        props.putIfAbsent("name", connector);
        props.putIfAbsent("topic", topic);
        props.putIfAbsent("nifi.port.name", port);
        props.putIfAbsent("nifi.site.listener", EPHEMERAL);
        return props;
    }

    public static Map<String, String> sink(String connector, String port, String... more) {
        Map<String, String> props = props(more);
        props.putIfAbsent("name", connector);
        props.putIfAbsent("topics", "events");
        props.putIfAbsent("nifi.port.name", port);
        props.putIfAbsent("nifi.site.listener", EPHEMERAL);
        return props;
    }

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    /** The running site of a listener (fails if there is none). */
    public static Site site(String listener) {
        Site site = SiteRegistry.find(listener);
        if (site == null) {
            throw new IllegalStateException("No site on " + listener);
        }
        return site;
    }

    /** The URL NiFi users would configure for the site of {@code listener}. */
    public static String url(String listener) {
        return "http://localhost:" + site(listener).port() + "/nifi";
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A raw request with the protocol version header (unless {@code withVersion} is false). */
    public static HttpResponse<byte[]> request(String method, String url, boolean withVersion) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (withVersion) {
            builder.header("x-nifi-site-to-site-protocol-version", "1");
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public static HttpResponse<byte[]> request(String method, String url) throws IOException, InterruptedException {
        return request(method, url, true);
    }

    /** Waits until the site at {@code baseUrl} (http://host:port) lists these port names. */
    public static void awaitPorts(String baseUrl, String... names) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            String body = text(request("GET", baseUrl + "/nifi-api/site-to-site"));
            return java.util.Arrays.stream(names).allMatch(name -> body.contains("\"name\":\"" + name + "\""));
        });
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
