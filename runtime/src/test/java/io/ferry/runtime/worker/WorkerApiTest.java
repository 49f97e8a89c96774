package io.ferry.runtime.worker;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.junit.jupiter.api.Test;

/** The worker API the REST API will use: create, update, pause, resume, stop, restart, delete, persistence. */
class WorkerApiTest extends WorkerTest {

    private static State stateOf(ConnectorStateInfo info) {
        return info.connector().state();
    }

    @Test
    void connectorsCreatedAtRuntimePersistWithTheirStateAndComeBackAfterARestart() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "a\n");
        Path output = root.resolve("out.txt");
        fixture = new WorkerFixture(root).start();
        Worker worker = fixture.worker();
        Map<String, String> source = connector("connector.class", "FileStreamSource", "file", input.toString(), "topic", "t");
        Map<String, String> sink = connector("connector.class", "FileStreamSink", "file", output.toString(), "topics", "t");

        assertThat(worker.createOrUpdate("source", source)).isTrue();
        worker.create("sink", sink, TargetState.STARTED);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a"));
        Path stored = fixture.dataDir().resolve("connectors").resolve("source.json");
        assertThat(stored).exists();
        assertThat(worker.connectors()).containsExactly("sink", "source");
        assertThat(worker.connectorInfo("source").tasks()).containsExactly(new TaskId("source", 0));
        assertThat(worker.taskConfigs("sink").get(0).config()).containsEntry("topics", "t")
                .containsEntry("task.class", "org.apache.kafka.connect.file.FileStreamSinkTask");
        assertThatThrownBy(() -> worker.create("sink", sink, TargetState.STARTED)).isInstanceOf(AlreadyExistsException.class);
        assertThat(worker.createOrUpdate("source", source)).isFalse();

        worker.pause("sink");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(stateOf(worker.status("sink"))).isEqualTo(State.PAUSED);
            assertThat(worker.status("sink").tasks()).extracting(TaskStatus::state).containsExactly(State.PAUSED);
        });
        Files.writeString(input, "b\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(fixture.consumeValues("t", 2, TIMEOUT)).hasSize(2);
        await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a"));
        worker.stop("source");
        assertThat(stateOf(worker.status("source"))).isEqualTo(State.STOPPED);
        assertThat(worker.status("source").tasks()).isEmpty();
        assertThat(worker.taskConfigs("source")).isEmpty();

        fixture.stop();
        fixture.start();
        Worker restarted = fixture.worker();
        assertThat(restarted.connectors()).containsExactly("sink", "source");
        assertThat(restarted.targetState("sink")).isEqualTo(TargetState.PAUSED);
        assertThat(stateOf(restarted.status("sink"))).isEqualTo(State.PAUSED);
        assertThat(stateOf(restarted.status("source"))).isEqualTo(State.STOPPED);
        assertThat(restarted.connectorConfig("source")).containsEntry("file", input.toString()).containsEntry("name", "source");

        restarted.resume("sink");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("a", "b"));
        assertThat(stateOf(restarted.status("sink"))).isEqualTo(State.RUNNING);

        restarted.delete("source");
        assertThat(stored).doesNotExist();
        assertThatThrownBy(() -> restarted.status("source")).isInstanceOf(NotFoundException.class).hasMessage("Connector source not found");
        fixture.stop();
        fixture.start();
        assertThat(fixture.worker().connectors()).containsExactly("sink");
    }

    @Test
    void aStoredConnectorWhosePluginIsGoneIsListedAsFailedAndCanBeDeleted() throws Exception {
        Path dir = Files.createDirectories(root.resolve("data/connectors"));
        Path stored = Files.writeString(dir.resolve("gone.json"),
                "{\"name\":\"gone\",\"config\":{\"name\":\"gone\",\"connector.class\":\"RemovedConnector\"},\"state\":\"RUNNING\"}");
        fixture = new WorkerFixture(root).start();
        Worker worker = fixture.worker();
        assertThat(worker.connectors()).containsExactly("gone");
        ConnectorStateInfo status = worker.status("gone");
        assertThat(stateOf(status)).isEqualTo(State.FAILED);
        assertThat(status.type()).isEqualTo("unknown");
        assertThat(status.connector().trace()).contains("Found no connector named 'RemovedConnector'");
        assertThat(worker.connectorConfig("gone")).containsEntry("connector.class", "RemovedConnector");
        assertThatThrownBy(() -> worker.pause("gone")).hasMessageContaining("its stored configuration is invalid");
        worker.delete("gone");
        assertThat(worker.connectors()).isEmpty();
        assertThat(stored).doesNotExist();
    }

    @Test
    void invalidConfigurationsAreRejectedWithEveryProblemAndNothingIsStored() throws Exception {
        fixture = new WorkerFixture(root).start();
        Worker worker = fixture.worker();
        Map<String, String> bad = connector("connector.class", "FileStreamSource", "tasks.max", "1",
                "transforms", "hoist", "transforms.hoist.type", "HoistField$Value");
        assertThatThrownBy(() -> worker.createOrUpdate("broken", bad))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageStartingWith("Configuration of connector 'broken' has 2 errors")
                .hasMessageContaining("transforms.hoist.field: Missing required configuration")
                .hasMessageContaining("topic: Missing required configuration");
        assertThatThrownBy(() -> worker.createOrUpdate("broken", connector("connector.class", "NoSuchConnector")))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("connector.class: Found no connector named 'NoSuchConnector'")
                .hasMessageContaining("FileStreamSourceConnector");
        assertThatThrownBy(() -> worker.createOrUpdate("a", connector("name", "b", "connector.class", "FileStreamSink")))
                .isInstanceOf(ConnectorConfigException.class).hasMessageContaining("name: 'b' does not match");
        assertThatThrownBy(() -> worker.createOrUpdate("sink", connector("connector.class", "FileStreamSink")))
                .isInstanceOf(ConnectorConfigException.class).hasMessageContaining("topics: a sink connector needs");
        assertThat(worker.validate(connector("name", "ok", "connector.class", "FileStreamSink", "topics", "x"))).isEmpty();
        assertThat(worker.connectors()).isEmpty();
        assertThat(fixture.dataDir().resolve("connectors")).doesNotExist();
        assertThatThrownBy(() -> worker.pause("nothing")).isInstanceOf(NotFoundException.class);
    }
}
