package io.ferry.runtime.rest;

import static io.ferry.runtime.rest.ConnectorsApiTest.TIMEOUT;
import static io.ferry.runtime.rest.ConnectorsApiTest.create;
import static io.ferry.runtime.rest.ConnectorsApiTest.sink;
import static io.ferry.runtime.rest.ConnectorsApiTest.source;
import static io.ferry.runtime.rest.RestErrorsTest.error;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.rest.RestClient.Answer;
import io.ferry.runtime.testing.WorkerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET}, {@code PATCH} and {@code DELETE /connectors/{name}/offsets} for a source (the
 * connector's own partitions and offsets, in the offsets file) and a sink (its consumer group
 * {@code connect-<name>}), and {@code DELETE /connectors/{name}?deleteOffsets=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffsetsApiTest {

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

    private static Map<String, Object> offsets(Map<String, Object> partition, Map<String, Object> offset) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("partition", partition);
        entry.put("offset", offset);
        return Map.of("offsets", List.of(entry));
    }

    private static Map<String, Object> sinkPartition(String topic, Object partition) {
        Map<String, Object> map = new HashMap<>();
        map.put("kafka_topic", topic);
        map.put("kafka_partition", partition);
        return map;
    }

    private JsonNode offsetsOf(String connector) {
        Answer answer = rest.get("/connectors/" + connector + "/offsets");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("offsets");
    }

    private void stop(String connector) {
        assertThat(rest.put("/connectors/" + connector + "/stop", null).status()).isEqualTo(202);
        assertThat(rest.get("/connectors/" + connector + "/status").json().path("connector").path("state").asText()).isEqualTo("STOPPED");
    }

    /** The offsets committed in a consumer group, read with an admin client of the test's own. */
    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    @Test
    void sinkOffsetsAreReadInAnyStateAlteredAndResetWhileStopped() throws Exception {
        Path input = Files.writeString(root.resolve("sink-in.txt"), "a\nb\nc\n");
        Path output = root.resolve("sink-out.txt");
        assertThat(rest.post("/connectors", create("o-src", source(input, "offsets-sink"))).status()).isEqualTo(201);
        assertThat(rest.post("/connectors", create("o-sink", sink(output, "offsets-sink"))).status()).isEqualTo(201);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a", "b", "c"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode running = offsetsOf("o-sink");
            assertThat(running).hasSize(1);
            assertThat(running.get(0).path("partition").path("kafka_topic").asText()).isEqualTo("offsets-sink");
            assertThat(running.get(0).path("partition").path("kafka_partition").asInt()).isZero();
            assertThat(running.get(0).path("offset").path("kafka_offset").asLong()).isEqualTo(3);
        });

        Map<String, Object> rewind = offsets(sinkPartition("offsets-sink", 0), Map.of("kafka_offset", 1));
        assertThat(error(rest.patch("/connectors/o-sink/offsets", rewind), 400)).contains("STOPPED");
        stop("o-sink");
        assertThat(offsetsOf("o-sink").get(0).path("offset").path("kafka_offset").asLong()).isEqualTo(3);

        assertThat(error(rest.patch("/connectors/o-sink/offsets", Map.of("offsets", List.of())), 400)).contains("at least one");
        assertThat(error(rest.patch("/connectors/o-sink/offsets", offsets(Map.of("kafka_partition", 0), Map.of("kafka_offset", 1))), 400))
                .contains("kafka_topic");
        assertThat(error(rest.patch("/connectors/o-sink/offsets", offsets(sinkPartition("offsets-sink", "x"), Map.of("kafka_offset", 1))), 400))
                .contains("kafka_partition");
        assertThat(error(rest.patch("/connectors/o-sink/offsets", offsets(sinkPartition("offsets-sink", 0), Map.of("kafka_offset", -4))), 400))
                .contains("kafka_offset");
        assertThat(error(rest.patch("/connectors/o-sink/offsets", offsets(sinkPartition("offsets-sink", 0), Map.of("position", 1))), 400))
                .contains("kafka_offset");

        Answer altered = rest.patch("/connectors/o-sink/offsets", rewind);
        assertThat(altered.status()).as(altered.toString()).isEqualTo(200);
        assertThat(altered.json().path("message").asText()).contains("offsets for this connector have been altered successfully");
        assertThat(offsetsOf("o-sink").get(0).path("offset").path("kafka_offset").asLong()).isEqualTo(1);
        assertThat(rest.put("/connectors/o-sink/resume", null).status()).isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a", "b", "c", "b", "c"));

        // A null offset removes the partition's offset; DELETE removes them all.
        stop("o-sink");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(offsetsOf("o-sink").get(0).path("offset").path("kafka_offset").asLong()).isEqualTo(3));
        assertThat(rest.patch("/connectors/o-sink/offsets", offsets(sinkPartition("offsets-sink", 0), null)).status()).isEqualTo(200);
        assertThat(offsetsOf("o-sink")).isEmpty();
        Answer reset = rest.delete("/connectors/o-sink/offsets");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().path("message").asText()).contains("reset successfully");
        assertThat(offsetsOf("o-sink")).isEmpty();
        assertThat(committed("connect-o-sink")).isEmpty();
        assertThat(rest.put("/connectors/o-sink/resume", null).status()).isEqualTo(202);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).hasSize(8));

        // Deleting with deleteOffsets=true also removes the consumer group.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(offsetsOf("o-sink")).hasSize(1));
        assertThat(rest.delete("/connectors/o-sink?deleteOffsets=true").status()).isEqualTo(204);
        assertThat(committed("connect-o-sink")).isEmpty();
        assertThat(rest.delete("/connectors/o-src").status()).isEqualTo(204);
    }

    @Test
    void sourceOffsetsAreTheConnectorsOwnAndSurviveADeleteUnlessAskedOtherwise() throws Exception {
        Path input = Files.writeString(root.resolve("source-in.txt"), "one\ntwo\n");
        Map<String, Object> partition = Map.of("filename", input.toString());
        assertThat(rest.post("/connectors", create("s-src", source(input, "offsets-source"))).status()).isEqualTo(201);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode running = offsetsOf("s-src");
            assertThat(running).hasSize(1);
            assertThat(running.get(0).path("partition").path("filename").asText()).isEqualTo(input.toString());
            assertThat(running.get(0).path("offset").path("position").asLong()).isEqualTo(8);
        });
        assertThat(error(rest.delete("/connectors/s-src/offsets"), 400)).contains("STOPPED");
        stop("s-src");
        assertThat(offsetsOf("s-src")).hasSize(1);

        assertThat(error(rest.patch("/connectors/s-src/offsets", offsets(partition, Map.of("position", "far"))), 400))
                .contains("refused");
        assertThat(error(rest.patch("/connectors/s-src/offsets", offsets(Map.of(), Map.of("position", 1))), 400)).contains("partition");
        Answer altered = rest.patch("/connectors/s-src/offsets", offsets(partition, Map.of("position", 4)));
        assertThat(altered.status()).as(altered.toString()).isEqualTo(200);
        assertThat(altered.json().path("message").asText()).isEqualTo("The offsets for this connector have been altered successfully");
        assertThat(offsetsOf("s-src").get(0).path("offset").path("position").asLong()).isEqualTo(4);
        assertThat(rest.put("/connectors/s-src/resume", null).status()).isEqualTo(202);
        assertThat(fixture.consumeValues("offsets-source", 3, TIMEOUT)).hasSize(3).last().asString().contains("two");

        // Deleted without deleteOffsets, the offsets stay (as in Kafka Connect); with it, they go.
        assertThat(rest.delete("/connectors/s-src").status()).isEqualTo(204);
        Map<String, Object> again = create("s-src", source(input, "offsets-source"));
        again.put("initial_state", "STOPPED");
        assertThat(rest.post("/connectors", again).status()).isEqualTo(201);
        assertThat(offsetsOf("s-src").get(0).path("offset").path("position").asLong()).isEqualTo(8);
        Answer reset = rest.delete("/connectors/s-src/offsets");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().path("message").asText()).isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(offsetsOf("s-src")).isEmpty();
        assertThat(rest.patch("/connectors/s-src/offsets", offsets(partition, Map.of("position", 8))).status()).isEqualTo(200);
        assertThat(rest.delete("/connectors/s-src?deleteOffsets=true").status()).isEqualTo(204);
        assertThat(rest.post("/connectors", again).status()).isEqualTo(201);
        assertThat(offsetsOf("s-src")).isEmpty();
        assertThat(rest.delete("/connectors/s-src").status()).isEqualTo(204);
    }
}
