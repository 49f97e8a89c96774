package io.ferry.connect.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.standalone.Standalone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's worker gives its {@code ferry.file.allowed.paths} to Ferry's file connectors: over its REST API, a
 * FileSource of {@code /etc/shadow} or of a file outside the temporary root is refused naming the key and the root,
 * and one inside is created. (The connectors are on this test's class path, where the worker finds them too.)
 */
class AllowedRootsRestTest {

    @TempDir
    Path root;

    private Standalone worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void theWorkersRootsBoundFerrysFileSourceOverRest() throws Exception {
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        Files.writeString(allowed.resolve("in.txt"), "hello\n");
        Files.writeString(root.resolve("outside.txt"), "secret\n");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("ferry.data.dir", root.resolve("data").toString());
        props.put("ferry.broker.listeners", "PLAINTEXT://127.0.0.1:0");
        props.put("ferry.broker.offsets.topic.num.partitions", "1");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("ferry.file.allowed.paths", allowed.toString());
        worker = Standalone.start(new WorkerConfig(props), List.of(), List.of());
        URI rest = worker.restUris().get(0);

        for (String file : List.of("/etc/shadow", root.resolve("outside.txt").toString())) {
            HttpResponse<String> refused = post(rest, "reader", file);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("file: " + file + " is outside the folders this connector may use: ["
                    + allowed.toRealPath() + "]", "ferry.file.allowed.paths");
        }
        HttpRequest validate = HttpRequest.newBuilder(rest.resolve("/connector-plugins/FileSource/config/validate"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"v\", \"topic\": \"t\", \"file\": \"/etc/shadow\"}")).build();
        HttpResponse<String> validated = HttpClient.newHttpClient().send(validate, HttpResponse.BodyHandlers.ofString());
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(validated.body()).contains("\"error_count\":1", "file: /etc/shadow is outside the folders this connector may use");

        HttpResponse<String> created = post(rest, "reader", allowed.resolve("in.txt").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("ferry.file.allowed.paths");
    }

    private static HttpResponse<String> post(URI rest, String name, String file) throws Exception {
        String body = "{\"name\": \"" + name + "\", \"config\": {\"connector.class\": \"FileSource\", \"topic\": \"t\", \"file\": \""
                + file + "\"}}";
        HttpRequest request = HttpRequest.newBuilder(rest.resolve("/connectors")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
