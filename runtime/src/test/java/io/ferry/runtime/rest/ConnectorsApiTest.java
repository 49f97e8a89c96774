package io.ferry.runtime.rest;

import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.testing.WorkerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connector endpoint through a real HTTP client against a running worker: shapes and status
 * codes as Kafka Connect's, and Ferry's additions (task metrics, sink lag). Error cases are in
 * {@link RestErrorsTest}; offsets in {@link OffsetsApiTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorsApiTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path root;

    private WorkerFixture fixture;
    private RestClient rest;

    @BeforeAll
    void startWorker(@TempDir Path dir) throws Exception {
        root = dir;
        fixture = new WorkerFixture(root).start();
        rest = new RestClient(fixture.restUri());
    }

    @AfterAll
    void stopWorker() {
        fixture.close();
    }

    static Map<String, Object> create(String name, Map<String, String> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        return body;
    }

    static Map<String, String> source(Path file, String topic) {
        return new LinkedHashMap<>(Map.of("connector.class", "FileStreamSource", "file", file.toString(), "topic", topic));
    }

    static Map<String, String> sink(Path file, String topic) {
        return new LinkedHashMap<>(Map.of("connector.class", "FileStreamSink", "file", file.toString(), "topics", topic));
    }

    private String state(String connector) {
        return rest.get("/connectors/" + connector + "/status").json().path("connector").path("state").asText();
    }

    private List<String> taskStates(String connector) {
        List<String> states = new ArrayList<>();
        rest.get("/connectors/" + connector + "/status").json().path("tasks").forEach(t -> states.add(t.path("state").asText()));
        return states;
    }

    @Test
    void rootNamesTheVersionCommitAndClusterAndHealthSaysHealthy() {
        Answer root = rest.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.header("Content-Type")).startsWith("application/json");
        assertThat(root.json().path("version").asText()).isEqualTo(org.apache.kafka.common.utils.AppInfoParser.getVersion());
        assertThat(root.json().path("commit").asText()).isNotBlank();
        assertThat(root.json().path("kafka_cluster_id").asText()).isNotBlank();
        Answer health = rest.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("healthy");
        assertThat(health.json().path("message").asText()).isNotBlank();
    }

    @Test
    void theStatusOfAScheduledConnectorShowsItsSchedule() throws Exception {
        Path input = Files.writeString(root.resolve("scheduled.txt"), "one\n");
        Map<String, String> config = source(input, "scheduled");
        config.put("schedule.cron", "0 0 12 1 1 ? 2099");
        assertThat(rest.post("/connectors", create("scheduled-source", config)).status()).isEqualTo(201);

        JsonNode status = rest.get("/connectors/scheduled-source/status").json();
        assertThat(status.path("connector").path("state").asText()).isEqualTo("RUNNING");
        assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("UNASSIGNED");
        JsonNode schedule = status.path("schedule");
        assertThat(schedule.path("cron").asText()).isEqualTo("0 0 12 1 1 ? 2099");
        assertThat(schedule.path("idle_ms").asLong()).isEqualTo(5000);
        assertThat(schedule.path("active").asBoolean(true)).isFalse();
        assertThat(schedule.has("last_firing")).isFalse();
        assertThat(schedule.path("next_firing").asText()).startsWith("2099-01-01T");
        assertThat(rest.get("/connectors?expand=status").json().path("scheduled-source").path("status").path("schedule")
                .path("cron").asText()).isEqualTo("0 0 12 1 1 ? 2099");

        Path other = Files.writeString(root.resolve("unscheduled.txt"), "one\n");
        assertThat(rest.post("/connectors", create("unscheduled-source", source(other, "unscheduled"))).status()).isEqualTo(201);
        assertThat(rest.get("/connectors/unscheduled-source/status").json().has("schedule")).isFalse();
        assertThat(rest.delete("/connectors/scheduled-source").status()).isEqualTo(204);
        assertThat(rest.delete("/connectors/unscheduled-source").status()).isEqualTo(204);
    }

    @Test
    void aPipelineIsCreatedInspectedAndDrivenThroughItsLifecycle() throws Exception {
        Path input = Files.writeString(root.resolve("life.txt"), "a\nb\n");
        Path output = root.resolve("life.sink.txt");
        Answer created = rest.post("/connectors", create("life-source", source(input, "life")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/connectors/life-source");
        JsonNode info = created.json();
        assertThat(info.path("name").asText()).isEqualTo("life-source");
        assertThat(info.path("type").asText()).isEqualTo("source");
        assertThat(info.path("config").path("name").asText()).isEqualTo("life-source");
        assertThat(info.path("tasks").get(0).path("connector").asText()).isEqualTo("life-source");
        assertThat(info.path("tasks").get(0).path("task").asInt()).isZero();

        Answer put = rest.put("/connectors/life-sink/config", sink(output, "life"));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("Location")).endsWith("/connectors/life-sink");
        assertThat(put.json().path("type").asText()).isEqualTo("sink");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a", "b"));

        assertThat(rest.get("/connectors").json()).extracting(JsonNode::asText).contains("life-sink", "life-source");
        JsonNode expanded = rest.get("/connectors?expand=status&expand=info").json();
        assertThat(expanded.path("life-sink").path("status").path("connector").path("state").asText()).isEqualTo("RUNNING");
        assertThat(expanded.path("life-sink").path("info").path("config").path("topics").asText()).isEqualTo("life");
        assertThat(rest.get("/connectors?expand=info").json().path("life-source").has("status")).isFalse();
        assertThat(rest.get("/connectors/life-source").json().path("config").path("file").asText()).isEqualTo(input.toString());
        assertThat(rest.get("/connectors/life-source/config").json().path("topic").asText()).isEqualTo("life");

        JsonNode tasks = rest.get("/connectors/life-sink/tasks").json();
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("id").path("connector").asText()).isEqualTo("life-sink");
        assertThat(tasks.get(0).path("config").path("task.class").asText()).isEqualTo("org.apache.kafka.connect.file.FileStreamSinkTask");

        // Status: Kafka Connect's shape, with Ferry's per-task metrics and, for the sink, its lag.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode status = rest.get("/connectors/life-sink/status").json();
            assertThat(status.path("name").asText()).isEqualTo("life-sink");
            assertThat(status.path("type").asText()).isEqualTo("sink");
            assertThat(status.path("connector").path("worker_id").asText()).isEqualTo("127.0.0.1:" + fixture.restUri().getPort());
            JsonNode task = status.path("tasks").get(0);
            assertThat(task.path("id").asInt()).isZero();
            assertThat(task.path("state").asText()).isEqualTo("RUNNING");
            assertThat(task.has("trace")).isFalse();
            assertThat(task.path("metrics").path("records_written").asLong()).isEqualTo(2);
            assertThat(task.path("metrics").path("records_per_second").asDouble()).isPositive();
            assertThat(task.path("metrics").path("lag").asLong()).isZero();
            JsonNode source = rest.get("/connectors/life-source/status").json().path("tasks").get(0).path("metrics");
            assertThat(source.path("records_polled").asLong()).isEqualTo(2);
            assertThat(source.path("records_written").asLong()).isEqualTo(2);
            assertThat(source.has("lag")).isFalse();
        });
        JsonNode taskStatus = rest.get("/connectors/life-sink/tasks/0/status").json();
        assertThat(taskStatus.path("state").asText()).isEqualTo("RUNNING");
        assertThat(taskStatus.path("worker_id").asText()).startsWith("127.0.0.1:");

        // Active topics, and their reset.
        assertThat(rest.get("/connectors/life-source/topics").json().path("life-source").path("topics").get(0).asText()).isEqualTo("life");
        assertThat(rest.get("/connectors/life-sink/topics").json().path("life-sink").path("topics").get(0).asText()).isEqualTo("life");
        assertThat(rest.put("/connectors/life-sink/topics/reset", null).status()).isEqualTo(202);
        assertThat(rest.get("/connectors/life-sink/topics").json().path("life-sink").path("topics")).isEmpty();

        // Pause, resume, stop: 202 and idempotent.
        assertThat(rest.put("/connectors/life-sink/pause", null).status()).isEqualTo(202);
        assertThat(rest.put("/connectors/life-sink/pause", null).status()).isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(state("life-sink")).isEqualTo("PAUSED");
            assertThat(taskStates("life-sink")).containsExactly("PAUSED");
        });
        Files.writeString(input, "c\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Thread.sleep(1500);
        assertThat(lines(output)).containsExactly("a", "b");
        assertThat(rest.put("/connectors/life-sink/resume", null).status()).isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a", "b", "c"));
        assertThat(state("life-sink")).isEqualTo("RUNNING");
        // The topic is recorded again once used after the reset.
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(rest.get("/connectors/life-sink/topics").json().path("life-sink").path("topics").get(0).asText()).isEqualTo("life"));

        assertThat(rest.put("/connectors/life-source/stop", null).status()).isEqualTo(202);
        assertThat(state("life-source")).isEqualTo("STOPPED");
        assertThat(rest.get("/connectors/life-source/status").json().path("tasks")).isEmpty();
        assertThat(rest.get("/connectors/life-source/tasks").json()).isEmpty();
        assertThat(rest.get("/connectors/life-source/config").status()).isEqualTo(200);
        assertThat(rest.put("/connectors/life-source/resume", null).status()).isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(taskStates("life-source")).containsExactly("RUNNING"));

        // Restarts: the connector alone (200, no body); with its tasks (202 and the status to come).
        Answer restart = rest.post("/connectors/life-sink/restart", null);
        assertThat(restart.status()).isEqualTo(200);
        assertThat(restart.body()).isEmpty();
        Answer withTasks = rest.post("/connectors/life-sink/restart?includeTasks=true", null);
        assertThat(withTasks.status()).isEqualTo(202);
        assertThat(withTasks.json().path("connector").path("state").asText()).isEqualTo("RESTARTING");
        assertThat(withTasks.json().path("tasks").get(0).path("state").asText()).isEqualTo("RESTARTING");
        Answer onlyFailed = rest.post("/connectors/life-sink/restart?includeTasks=true&onlyFailed=true", null);
        assertThat(onlyFailed.status()).isEqualTo(202);
        assertThat(onlyFailed.json().path("connector").path("state").asText()).isNotEqualTo("RESTARTING");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(taskStates("life-sink")).containsExactly("RUNNING"));
        Answer taskRestart = rest.post("/connectors/life-sink/tasks/0/restart", null);
        assertThat(taskRestart.status()).isEqualTo(204);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(taskStates("life-sink")).containsExactly("RUNNING"));

        // Replace (200) and patch (null removes a key) the configuration.
        Map<String, String> replaced = sink(output, "life");
        replaced.put("tasks.max", "1");
        replaced.put("errors.log.enable", "true");
        Answer updated = rest.put("/connectors/life-sink/config", replaced);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("config").path("errors.log.enable").asText()).isEqualTo("true");
        Map<String, String> patch = new HashMap<>();
        patch.put("errors.log.enable", null);
        patch.put("errors.log.include.messages", "true");
        Answer patched = rest.patch("/connectors/life-sink/config", patch);
        assertThat(patched.status()).isEqualTo(200);
        JsonNode config = rest.get("/connectors/life-sink/config").json();
        assertThat(config.has("errors.log.enable")).isFalse();
        assertThat(config.path("errors.log.include.messages").asText()).isEqualTo("true");
        assertThat(config.path("topics").asText()).isEqualTo("life");

        // Delete: 204, then gone.
        assertThat(rest.delete("/connectors/life-sink").status()).isEqualTo(204);
        assertThat(rest.get("/connectors/life-sink").status()).isEqualTo(404);
        assertThat(rest.get("/connectors").json()).extracting(JsonNode::asText).doesNotContain("life-sink");
        assertThat(rest.delete("/connectors/life-source").status()).isEqualTo(204);
    }

    @Test
    void aConnectorCanBeCreatedPausedOrStopped() throws Exception {
        Path input = Files.writeString(root.resolve("initial.txt"), "x\n");
        Map<String, Object> paused = create("initial-paused", source(input, "initial"));
        paused.put("initial_state", "PAUSED");
        assertThat(rest.post("/connectors", paused).status()).isEqualTo(201);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("initial-paused")).isEqualTo("PAUSED"));
        Map<String, Object> stopped = create("initial-stopped", source(input, "initial"));
        stopped.put("initial_state", "STOPPED");
        Answer created = rest.post("/connectors", stopped);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("tasks")).isEmpty();
        assertThat(state("initial-stopped")).isEqualTo("STOPPED");
        Map<String, Object> running = create("initial-running", source(input, "initial"));
        running.put("initial_state", "RUNNING");
        assertThat(rest.post("/connectors", running).status()).isEqualTo(201);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(taskStates("initial-running")).containsExactly("RUNNING"));
        for (String name : List.of("initial-paused", "initial-stopped", "initial-running")) {
            assertThat(rest.delete("/connectors/" + name).status()).isEqualTo(204);
        }
    }

    @Test
    void pluginsAreListedDescribedAndValidate() {
        JsonNode connectors = rest.get("/connector-plugins").json();
        assertThat(connectors).extracting(p -> p.path("class").asText())
                .contains("org.apache.kafka.connect.file.FileStreamSinkConnector", "org.apache.kafka.connect.file.FileStreamSourceConnector");
        assertThat(connectors).extracting(p -> p.path("type").asText()).containsOnly("source", "sink");
        assertThat(connectors.get(0).path("version").asText()).isNotBlank();
        JsonNode all = rest.get("/connector-plugins?connectorsOnly=false").json();
        assertThat(all).extracting(p -> p.path("type").asText()).contains("source", "sink", "converter", "header_converter",
                "transformation", "predicate");

        JsonNode sinkConfig = rest.get("/connector-plugins/FileStreamSink/config").json();
        assertThat(sinkConfig).extracting(k -> k.path("name").asText()).contains("file");
        JsonNode file = sinkConfig.get(0);
        assertThat(file.has("type")).isTrue();
        assertThat(file.has("required")).isTrue();
        assertThat(file.has("default_value")).isTrue();
        assertThat(file.has("importance")).isTrue();
        assertThat(file.has("documentation")).isTrue();
        assertThat(rest.get("/connector-plugins/org.apache.kafka.connect.transforms.HoistField$Value/config").json())
                .extracting(k -> k.path("name").asText()).contains("field");

        JsonNode valid = rest.put("/connector-plugins/FileStreamSink/config/validate",
                Map.of("name", "v", "connector.class", "FileStreamSink", "topics", "t", "file", "out.txt")).json();
        assertThat(valid.path("name").asText()).isEqualTo("org.apache.kafka.connect.file.FileStreamSinkConnector");
        assertThat(valid.path("error_count").asInt()).isZero();
        assertThat(valid.path("groups")).extracting(JsonNode::asText).contains("Common");
        assertThat(valid.path("configs")).extracting(c -> c.path("definition").path("name").asText()).contains("name", "topics", "file");

        Answer invalid = rest.put("/connector-plugins/FileStreamSink/config/validate",
                Map.of("name", "v", "tasks.max", "zero", "errors.tolerance", "sometimes"));
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().path("error_count").asInt()).isEqualTo(2);
        Map<String, List<String>> errors = new HashMap<>();
        invalid.json().path("configs").forEach(c -> {
            List<String> messages = new ArrayList<>();
            c.path("value").path("errors").forEach(m -> messages.add(m.asText()));
            if (!messages.isEmpty()) {
                errors.put(c.path("value").path("name").asText(), messages);
            }
        });
        assertThat(errors).containsOnlyKeys("tasks.max", "errors.tolerance");
        assertThat(errors.get("tasks.max").get(0)).contains("zero");
    }

    @Test
    void loggerLevelsAreReadAndChangedAtRuntime() {
        JsonNode all = rest.get("/admin/loggers").json();
        assertThat(all.path("root").path("level").asText()).isNotBlank();
        assertThat(all.path("io.ferry").path("level").asText()).isEqualTo("INFO");
        org.slf4j.LoggerFactory.getLogger("io.ferry.runtime.rest.test.child");

        Answer set = rest.put("/admin/loggers/io.ferry.runtime.rest.test", Map.of("level", "DEBUG"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json()).extracting(JsonNode::asText).contains("io.ferry.runtime.rest.test", "io.ferry.runtime.rest.test.child");
        assertThat(org.slf4j.LoggerFactory.getLogger("io.ferry.runtime.rest.test.child").isDebugEnabled()).isTrue();
        JsonNode one = rest.get("/admin/loggers/io.ferry.runtime.rest.test.child").json();
        assertThat(one.path("level").asText()).isEqualTo("DEBUG");
        assertThat(one.path("last_modified").asLong()).isPositive();
        assertThat(rest.get("/admin/loggers").json().path("io.ferry.runtime.rest.test").path("level").asText()).isEqualTo("DEBUG");

        Answer bad = rest.put("/admin/loggers/io.ferry.runtime.rest.test", Map.of("level", "LOUD"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("LOUD");
        assertThat(rest.put("/admin/loggers/io.ferry.runtime.rest.test", Map.of()).status()).isEqualTo(400);
        assertThat(rest.get("/admin/loggers/no.such.logger.anywhere").status()).isEqualTo(404);
        assertThat(rest.put("/admin/loggers/io.ferry.runtime.rest.test", Map.of("level", "INFO")).status()).isEqualTo(200);
        assertThat(org.slf4j.LoggerFactory.getLogger("io.ferry.runtime.rest.test.child").isDebugEnabled()).isFalse();
    }

    @Test
    void metricsArePrometheusTextWithTaskAndJvmMetrics() throws Exception {
        Path input = Files.writeString(root.resolve("metrics.txt"), "m1\nm2\nm3\n");
        Path output = root.resolve("metrics.sink.txt");
        assertThat(rest.post("/connectors", create("metrics-source", source(input, "metrics"))).status()).isEqualTo(201);
        assertThat(rest.post("/connectors", create("metrics-sink", sink(output, "metrics"))).status()).isEqualTo(201);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).hasSize(3));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Answer metrics = rest.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            String text = metrics.body();
            assertThat(text).contains("# TYPE ferry_task_records_polled_total counter")
                    .contains("ferry_task_records_polled_total{connector=\"metrics-source\",task=\"0\",type=\"source\"} 3.0")
                    .contains("ferry_task_records_written_total{connector=\"metrics-source\",task=\"0\",type=\"source\"} 3.0")
                    .contains("ferry_task_records_written_total{connector=\"metrics-sink\",task=\"0\",type=\"sink\"} 3.0")
                    .contains("ferry_task_errors_total{connector=\"metrics-sink\",task=\"0\",type=\"sink\"} 0.0")
                    .contains("ferry_sink_task_lag_records{connector=\"metrics-sink\",task=\"0\",type=\"sink\"} 0.0")
                    .contains("ferry_task_offset_commit_seconds_count{connector=\"metrics-source\",task=\"0\",type=\"source\"}")
                    .contains("ferry_task_offset_commit_seconds_sum{connector=\"metrics-sink\",task=\"0\",type=\"sink\"}")
                    .contains("ferry_task_records_rate{connector=\"metrics-sink\"")
                    .contains("ferry_connectors{state=\"RUNNING\"}")
                    .contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads").contains("process_uptime_seconds");
            assertThat(text).containsPattern("ferry_task_offset_commit_seconds_count\\{connector=\"metrics-sink\",task=\"0\",type=\"sink\"} [1-9]");
        });
        assertThat(rest.delete("/connectors/metrics-sink").status()).isEqualTo(204);
        assertThat(rest.get("/metrics").body()).doesNotContain("connector=\"metrics-sink\"");
        assertThat(rest.delete("/connectors/metrics-source").status()).isEqualTo(204);
    }

    @Test
    void secretsAreHiddenInResponsesAndKeptOnRoundTrips() throws Exception {
        Path input = root.resolve("secret-in.txt");
        java.nio.file.Files.writeString(input, "");
        Map<String, String> config = source(input, "secret-topic");
        config.put("db.password", "s3cr3t-value");
        assertThat(rest.put("/connectors/secret-source/config", config).status()).isEqualTo(201);
        JsonNode shown = rest.get("/connectors/secret-source/config").json();
        assertThat(shown.path("db.password").asText()).isEqualTo("[hidden]");
        assertThat(rest.get("/connectors/secret-source").json().toString()).doesNotContain("s3cr3t-value");
        assertThat(rest.get("/connectors/secret-source/tasks").json().toString()).doesNotContain("s3cr3t-value");
        // A read-modify-write round trip sends the mask back: the stored secret stays.
        Map<String, String> edited = new LinkedHashMap<>();
        shown.fields().forEachRemaining(e -> edited.put(e.getKey(), e.getValue().asText()));
        edited.put("topic", "secret-topic-2");
        assertThat(rest.put("/connectors/secret-source/config", edited).status()).isEqualTo(200);
        assertThat(fixture.worker().connectorConfig("secret-source")).containsEntry("db.password", "s3cr3t-value")
                .containsEntry("topic", "secret-topic-2");
        assertThat(rest.delete("/connectors/secret-source").status()).isEqualTo(204);
    }
}
