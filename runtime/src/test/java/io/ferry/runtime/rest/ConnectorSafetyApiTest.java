package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.ConnectorsApiTest.create;
import static io.ferry.runtime.rest.RestErrorsTest.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.plugin.TestJars;
import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

/**
 * What a REST client cannot do with a connector configuration, over HTTP against a running worker:
 * read or write files outside {@code ferry.file.allowed.paths}, set those folders itself, or read
 * back a PASSWORD-typed value from {@code /config/validate}.
 */
class ConnectorSafetyApiTest extends WorkerTest {

    private static final String SECRET_SINK = "com.example.secret.SecretSinkConnector";

    private RestClient start() throws Exception {
        Path plugins = root.resolve("plugins");
        TestJars.jar()
                .source(SECRET_SINK, """
                        package com.example.secret;
                        import java.util.List;
                        import java.util.Map;
                        import org.apache.kafka.common.config.ConfigDef;
                        import org.apache.kafka.connect.connector.Task;
                        import org.apache.kafka.connect.sink.SinkConnector;
                        import org.apache.kafka.connect.sink.SinkTask;
                        public class SecretSinkConnector extends SinkConnector {
                            public void start(Map<String, String> props) { }
                            public Class<? extends Task> taskClass() { return SinkTask.class; }
                            public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(); }
                            public void stop() { }
                            public ConfigDef config() {
                                return new ConfigDef().define("db.pin", ConfigDef.Type.PASSWORD, ConfigDef.Importance.HIGH, "the pin")
                                        .define("db.user", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the user");
                            }
                            public String version() { return "1.0"; }
                        }
                        """)
                .service(SinkConnector.class, SECRET_SINK)
                .build(Files.createDirectories(plugins).resolve("secret-sink.jar"));
        fixture = new WorkerFixture(root).set("ferry.file.allowed.paths", Files.createDirectories(root.resolve("allowed")).toString())
                .start();
        return new RestClient(fixture.restUri());
    }

    @Test
    void fileConnectorsStayBelowTheAllowedFolders() throws Exception {
        RestClient rest = start();
        Files.createDirectories(root.resolve("outside"));
        Files.writeString(root.resolve("outside/secret.txt"), "secret\n");
        Path allowed = root.resolve("allowed").toRealPath();

        for (String file : List.of("/etc/shadow", root.resolve("outside/secret.txt").toString(),
                root.resolve("allowed/../outside/secret.txt").toString())) {
            String message = error(rest.post("/connectors", create("reader", source(file))), 400);
            assertThat(message).contains("file: ", "is outside the folders file connectors may use", allowed.toString(),
                    "ferry.file.allowed.paths");
        }
        Files.createSymbolicLink(root.resolve("allowed/link.txt"), root.resolve("outside/secret.txt"));
        assertThat(error(rest.post("/connectors", create("reader", source(root.resolve("allowed/link.txt").toString()))), 400))
                .contains("is outside");
        Map<String, String> sink = new HashMap<>(Map.of("connector.class", "FileStreamSink", "topics", "t",
                "file", root.resolve("outside/out.txt").toString()));
        assertThat(error(rest.post("/connectors", create("writer", sink)), 400)).contains("file: ", "is outside");
        Map<String, String> named = new HashMap<>(sink);
        named.put("name", "writer");
        JsonNode validated = rest.put("/connector-plugins/FileStreamSink/config/validate", named).json();
        assertThat(validated.path("error_count").asInt()).as(validated.toString()).isEqualTo(1);
        assertThat(errors(validated, "file")).singleElement().asString().contains("is outside", allowed.toString());

        Map<String, String> widened = new HashMap<>(source(root.resolve("allowed/in.txt").toString()));
        widened.put("ferry.file.allowed.paths", "/");
        assertThat(error(rest.post("/connectors", create("reader", widened)), 400))
                .contains("ferry.file.allowed.paths: is set by the worker");
        assertThat(fixture.worker().connectors()).isEmpty();

        Files.writeString(root.resolve("allowed/in.txt"), "hello\n");
        assertThat(rest.post("/connectors", create("reader", source(root.resolve("allowed/in.txt").toString()))).status()).isEqualTo(201);
        sink.put("file", root.resolve("allowed/out.txt").toString());
        assertThat(rest.post("/connectors", create("writer", sink)).status()).isEqualTo(201);
    }

    @Test
    void validationHidesPasswordValues() throws Exception {
        RestClient rest = start();
        Answer answer = rest.put("/connector-plugins/SecretSinkConnector/config/validate",
                Map.of("connector.class", SECRET_SINK, "topics", "t", "db.pin", "4711-unguessable", "db.user", "ops"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("4711-unguessable");
        assertThat(value(answer.json(), "db.pin")).isEqualTo("[hidden]");
        assertThat(value(answer.json(), "db.user")).isEqualTo("ops");
    }

    private static Map<String, String> source(String file) {
        return new HashMap<>(Map.of("connector.class", "FileStreamSource", "topic", "t", "file", file));
    }

    private static List<String> errors(JsonNode validated, String key) {
        List<String> messages = new java.util.ArrayList<>();
        validated.path("configs").forEach(c -> {
            if (c.path("value").path("name").asText().equals(key)) {
                c.path("value").path("errors").forEach(m -> messages.add(m.asText()));
            }
        });
        return messages;
    }

    private static String value(JsonNode validated, String key) {
        for (JsonNode config : validated.path("configs")) {
            if (config.path("value").path("name").asText().equals(key)) {
                return config.path("value").path("value").asText();
            }
        }
        throw new AssertionError("No value of " + key + " in " + validated);
    }
}
