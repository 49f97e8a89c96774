package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.ConnectorsApiTest.create;
import static io.ferry.runtime.rest.ConnectorsApiTest.sink;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.testing.WorkerFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error is {@code {"error_code": N, "message": "..."}} with Kafka Connect's status codes,
 * including Jersey's and Jetty's own: never an HTML page or a stack trace; and a rejected request
 * changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestErrorsTest {

    private Path root;

    private WorkerFixture fixture;
    private RestClient rest;

    @BeforeAll
    void startWorker(@TempDir Path dir) throws Exception {
        root = dir;
        fixture = new WorkerFixture(root).start();
        rest = new RestClient(fixture.restUri());
        assertThat(rest.post("/connectors", create("existing", sink(root.resolve("out.txt"), "t"))).status()).isEqualTo(201);
    }

    @AfterAll
    void stopWorker() {
        fixture.close();
    }

    /** Asserts the error shape and returns the message. */
    static String error(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
        JsonNode json = answer.json();
        assertThat(json.size()).as(answer.toString()).isEqualTo(2);
        assertThat(json.path("error_code").asInt()).isEqualTo(status);
        String message = json.path("message").asText();
        assertThat(message).isNotBlank().doesNotContain("\tat ").doesNotContain("<html").doesNotContain("Exception:");
        return message;
    }

    @Test
    void badBodiesAre400AndCreateNothing() {
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\", \"config\": {"), 400)).contains("Malformed JSON");
        assertThat(error(rest.post("/connectors", "not json at all"), 400)).contains("Malformed JSON");
        assertThat(error(rest.post("/connectors", "[1, 2]"), 400)).contains("wrong shape");
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\", \"config\": {\"file\": {\"nested\": 1}}}"), 400))
                .contains("wrong shape").contains("config.file");
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\", \"config\": {}, \"colour\": \"red\"}"), 400)).contains("colour");
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\", \"name\": \"y\", \"config\": {}}"), 400)).contains("name");
        assertThat(error(rest.post("/connectors", null), 400)).contains("request body");
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\"}"), 400)).contains("config");
        assertThat(error(rest.post("/connectors", "{\"name\": \"x\", \"config\": {\"connector.class\": null}}"), 400)).contains("null");
        Map<String, Object> badState = create("x", sink(root.resolve("x.txt"), "t"));
        badState.put("initial_state", "SLEEPING");
        assertThat(error(rest.post("/connectors", badState), 400)).contains("initial_state");
        assertThat(error(rest.put("/connectors/x/config", "[\"a\"]"), 400)).contains("wrong shape");
        assertThat(error(rest.patch("/connectors/existing/config", "{\"tasks.max\": "), 400)).contains("Malformed JSON");
        assertThat(error(rest.patch("/connectors/existing/offsets", "{\"offsets\": 5}"), 400)).contains("wrong shape");
        assertThat(error(rest.put("/admin/loggers/io.ferry", "{\"level\": [1]}"), 400)).contains("wrong shape");
        assertThat(rest.get("/connectors").json()).extracting(JsonNode::asText).containsExactly("existing");
    }

    @Test
    void invalidConfigurationsAre400WithEveryProblem() {
        Map<String, String> config = new HashMap<>(Map.of("connector.class", "FileStreamSink", "tasks.max", "zero",
                "errors.tolerance", "sometimes"));
        String message = error(rest.post("/connectors", create("invalid", config)), 400);
        assertThat(message).contains("2 errors").contains("tasks.max").contains("errors.tolerance").contains("/config/validate");
        assertThat(error(rest.post("/connectors", create("invalid", Map.of("connector.class", "FileStreamSink"))), 400))
                .contains("topics");
        assertThat(error(rest.put("/connectors/invalid/config", Map.of("connector.class", "NoSuchConnector")), 400))
                .contains("connector.class").contains("NoSuchConnector");
        assertThat(error(rest.put("/connectors/invalid/config", Map.of("name", "other", "connector.class", "FileStreamSink",
                "topics", "t")), 400)).contains("does not match");
        assertThat(error(rest.patch("/connectors/existing/config", Map.of("tasks.max", "-1")), 400)).contains("tasks.max");
        assertThat(rest.get("/connectors/existing/config").json().path("tasks.max").isMissingNode()).isTrue();
        assertThat(rest.get("/connectors/invalid").status()).isEqualTo(404);
    }

    @Test
    void unknownConnectorsTasksPluginsAndPathsAre404() {
        List<String[]> calls = List.of(
                new String[] {"GET", "/connectors/ghost"}, new String[] {"DELETE", "/connectors/ghost"},
                new String[] {"GET", "/connectors/ghost/config"}, new String[] {"PATCH", "/connectors/ghost/config"},
                new String[] {"GET", "/connectors/ghost/status"}, new String[] {"GET", "/connectors/ghost/tasks"},
                new String[] {"GET", "/connectors/ghost/tasks/0/status"}, new String[] {"POST", "/connectors/ghost/tasks/0/restart"},
                new String[] {"PUT", "/connectors/ghost/pause"}, new String[] {"PUT", "/connectors/ghost/resume"},
                new String[] {"PUT", "/connectors/ghost/stop"}, new String[] {"POST", "/connectors/ghost/restart"},
                new String[] {"POST", "/connectors/ghost/restart?includeTasks=true"},
                new String[] {"GET", "/connectors/ghost/topics"}, new String[] {"PUT", "/connectors/ghost/topics/reset"},
                new String[] {"GET", "/connectors/ghost/offsets"}, new String[] {"DELETE", "/connectors/ghost/offsets"});
        for (String[] call : calls) {
            Object body = call[0].equals("PATCH") ? Map.of("a", "b") : null;
            assertThat(error(rest.send(call[0], call[1], body), 404)).as(call[0] + " " + call[1]).contains("ghost");
        }
        assertThat(error(rest.patch("/connectors/ghost/offsets", Map.of("offsets", List.of())), 404)).contains("ghost");
        assertThat(error(rest.get("/connectors/existing/tasks/7/status"), 404)).contains("existing-7");
        assertThat(error(rest.get("/connectors/existing/tasks/abc/status"), 404)).contains("existing-abc");
        assertThat(error(rest.post("/connectors/existing/tasks/7/restart", null), 404)).contains("existing-7");
        assertThat(error(rest.get("/connector-plugins/NoSuchPlugin/config"), 404)).contains("NoSuchPlugin");
        assertThat(error(rest.put("/connector-plugins/NoSuchPlugin/config/validate", Map.of()), 404)).contains("NoSuchPlugin");
        assertThat(error(rest.put("/connector-plugins/HoistField$Value/config/validate", Map.of()), 404)).contains("HoistField");
        error(rest.get("/no/such/path"), 404);
        error(rest.get("/connectors/existing/nothing-here"), 404);
    }

    @Test
    void conflictsAre409() {
        String message = error(rest.post("/connectors", create("existing", sink(root.resolve("y.txt"), "t"))), 409);
        assertThat(message).contains("existing").contains("already exists");
        assertThat(rest.get("/connectors/existing/config").json().path("file").asText()).isEqualTo(root.resolve("out.txt").toString());
    }

    @Test
    void offsetsCannotChangeWhileTheConnectorRuns() {
        Map<String, Object> offsets = Map.of("offsets", List.of(Map.of("partition", Map.of("kafka_topic", "t", "kafka_partition", 0),
                "offset", Map.of("kafka_offset", 0))));
        assertThat(error(rest.patch("/connectors/existing/offsets", offsets), 400)).contains("STOPPED");
        assertThat(error(rest.delete("/connectors/existing/offsets"), 400)).contains("STOPPED");
    }

    @Test
    void jerseysOwnErrorsAreJsonToo() {
        assertThat(rest.send("DELETE", "/connectors", null).status()).isEqualTo(405);
        Answer notAllowed = rest.send("DELETE", "/connectors", null);
        error(notAllowed, 405);
        assertThat(notAllowed.header("Allow")).contains("GET").contains("POST");
        error(rest.send("POST", "/connectors", "name=x", "application/x-www-form-urlencoded"), 415);
        error(rest.send("POST", "/connectors", "{}", "text/plain"), 415);
        error(rest.withHeader("Accept", "text/html").get("/connectors/ghost"), 406);
        error(rest.withHeader("Accept", "text/html").get("/no/such/path"), 404);
        error(rest.withHeader("Accept", "application/xml").get("/connectors"), 406);
    }

    @Test
    void jettysOwnErrorsAreJsonToo() throws Exception {
        for (String request : List.of("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "BLAH\r\n\r\n")) {
            String answer = raw(request);
            assertThat(answer).as(request).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/json").contains("\"error_code\":400").doesNotContain("<html");
        }
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket(fixture.restUri().getHost(), fixture.restUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder text = new StringBuilder();
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (text.indexOf("}") > 0) {
                    break;
                }
            }
            return text.toString();
        }
    }
}
