package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.ConnectorsApiTest.create;
import static io.ferry.runtime.rest.ConnectorsApiTest.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.testing.WorkerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several clients create, replace, patch, pause, resume, stop and delete the same connector at
 * once. Every answer is one of the expected ones (never a 500), and at the end the connectors list,
 * the connector's configuration, its status, its stored file and its running task threads agree.
 */
class ConcurrentConnectorsTest {

    private static final String NAME = "contested";
    private static final int THREADS = 6;
    private static final int OPERATIONS = 15;

    @TempDir
    Path root;

    @Test
    void concurrentChangesOfOneConnectorEndConsistent() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "a\nb\nc\n");
        try (WorkerFixture fixture = new WorkerFixture(root).start()) {
            RestClient rest = new RestClient(fixture.restUri());
            List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int client = t;
                done.add(clients.submit(() -> {
                    Random random = new Random(client);
                    for (int i = 0; i < OPERATIONS; i++) {
                        Map<String, String> config = source(input, "contest-" + client);
                        config.put("tasks.max", "1");
                        String call;
                        Answer answer;
                        Set<Integer> allowed;
                        switch (random.nextInt(8)) {
                            case 0, 1 -> {
                                call = "POST";
                                answer = rest.post("/connectors", create(NAME, config));
                                allowed = Set.of(201, 409);
                            }
                            case 2, 3 -> {
                                call = "PUT config";
                                answer = rest.put("/connectors/" + NAME + "/config", config);
                                allowed = Set.of(200, 201);
                            }
                            case 4 -> {
                                call = "PATCH config";
                                answer = rest.patch("/connectors/" + NAME + "/config", Map.of("batch.size", String.valueOf(100 + client)));
                                allowed = Set.of(200, 404);
                            }
                            case 5 -> {
                                call = "DELETE";
                                answer = rest.delete("/connectors/" + NAME);
                                allowed = Set.of(204, 404);
                            }
                            case 6 -> {
                                String action = List.of("pause", "resume", "stop").get(random.nextInt(3));
                                call = "PUT " + action;
                                answer = rest.put("/connectors/" + NAME + "/" + action, null);
                                allowed = Set.of(202, 404);
                            }
                            default -> {
                                call = "GET status";
                                answer = rest.get("/connectors/" + NAME + "/status");
                                allowed = Set.of(200, 404);
                            }
                        }
                        if (!allowed.contains(answer.status())) {
                            unexpected.add(call + " -> " + answer);
                        } else if (answer.status() >= 400) {
                            JsonNode error = answer.json();
                            if (error.path("error_code").asInt() != answer.status()) {
                                unexpected.add(call + " -> " + answer);
                            }
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertThat(unexpected).isEmpty();

            assertConsistent(rest, fixture, false);

            // Then every client replaces the configuration at once (with a pause or resume in between): the connector exists.
            List<Future<?>> replaced = new ArrayList<>();
            ExecutorService writers = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int client = t;
                replaced.add(writers.submit(() -> {
                    Map<String, String> config = source(input, "final-" + client);
                    Answer put = rest.put("/connectors/" + NAME + "/config", config);
                    Answer toggle = rest.put("/connectors/" + NAME + (client % 2 == 0 ? "/pause" : "/resume"), null);
                    if (!Set.of(200, 201).contains(put.status()) || toggle.status() != 202) {
                        unexpected.add("PUT config -> " + put + "; toggle -> " + toggle);
                    }
                }));
            }
            for (Future<?> future : replaced) {
                future.get(5, TimeUnit.MINUTES);
            }
            writers.shutdown();
            assertThat(unexpected).isEmpty();
            assertThat(rest.get("/connectors/" + NAME + "/config").json().path("topic").asText()).startsWith("final-");
            assertConsistent(rest, fixture, true);
        }
    }

    /**
     * The connectors list, the connector's info, configuration, status, stored file and task threads
     * agree; then the connector is deleted and no task is left behind.
     */
    private static void assertConsistent(RestClient rest, WorkerFixture fixture, boolean mustExist) throws Exception {
        Path stored = fixture.dataDir().resolve("connectors").resolve(NAME + ".json");
        boolean listed = rest.get("/connectors").json().toString().contains("\"" + NAME + "\"");
        if (mustExist) {
            assertThat(listed).isTrue();
        }
        Answer info = rest.get("/connectors/" + NAME);
        Answer config = rest.get("/connectors/" + NAME + "/config");
        Answer status = rest.get("/connectors/" + NAME + "/status");
        if (listed) {
            assertThat(info.status()).isEqualTo(200);
            assertThat(config.status()).isEqualTo(200);
            assertThat(status.status()).isEqualTo(200);
            assertThat(info.json().path("config")).isEqualTo(config.json());
            JsonNode file = RestClient.JSON.readTree(stored.toFile());
            assertThat(file.path("config")).as("the stored configuration").isEqualTo(config.json());
            String state = status.json().path("connector").path("state").asText();
            assertThat(state).isIn("RUNNING", "PAUSED", "STOPPED");
            int expectedTasks = state.equals("STOPPED") ? 0 : 1;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(rest.get("/connectors/" + NAME + "/status").json().path("tasks")).hasSize(expectedTasks);
                assertThat(taskThreads()).hasSize(expectedTasks);
            });
            assertThat(rest.get("/connectors/" + NAME + "/tasks").json()).hasSize(expectedTasks);
            assertThat(rest.delete("/connectors/" + NAME).status()).isEqualTo(204);
        } else {
            assertThat(info.status()).isEqualTo(404);
            assertThat(config.status()).isEqualTo(404);
            assertThat(status.status()).isEqualTo(404);
        }
        assertThat(stored).doesNotExist();
        assertThat(rest.get("/connectors").json()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(taskThreads()).isEmpty());
        assertThat(fixture.worker().taskMetrics().all()).isEmpty();
    }

    /** The live threads of the connector's tasks (each task runs on a thread "task-<connector>-<n>"). */
    private static List<String> taskThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("task-" + NAME + "-")).toList();
    }
}
