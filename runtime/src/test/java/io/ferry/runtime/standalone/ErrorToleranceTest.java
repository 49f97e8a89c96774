package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.errors.DeadLetterQueueReporter;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.testing.TestPlugins;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** errors.tolerance, the dead letter queue, failed tasks and their restart. */
class ErrorToleranceTest extends WorkerTest {

    private static final String BAD = "this is not JSON";

    private static String json(String text) {
        return "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"" + text + "\"}";
    }

    @Test
    void withToleranceNoneABadRecordFailsTheTaskAndOtherConnectorsKeepRunning() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "one\n");
        Path output = root.resolve("strict.txt");
        fixture = new WorkerFixture(root).start(
                connector("name", "source", "connector.class", "FileStreamSource", "file", input.toString(), "topic", "lines"),
                connector("name", "strict", "connector.class", "FileStreamSink", "file", output.toString(), "topics", "raw"));

        fixture.produce("raw", json("fine"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("fine"));
        fixture.produce("raw", BAD);

        TaskId strictTask = new TaskId("strict", 0);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(fixture.worker().taskStatus(strictTask).state()).isEqualTo(State.FAILED));
        TaskStatus failed = fixture.worker().taskStatus(strictTask);
        assertThat(failed.trace())
                .contains("org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded")
                .contains("VALUE_CONVERTER")
                .contains("org.apache.kafka.connect.errors.DataException")
                .contains("\tat ");
        assertThat(fixture.worker().status("strict").connector().state()).isEqualTo(State.RUNNING);

        Files.writeString(input, "two\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(fixture.consumeValues("lines", 2, TIMEOUT)).containsExactly(json("one"), json("two"));
        assertThat(fixture.worker().status("source").tasks()).extracting(TaskStatus::state).containsExactly(State.RUNNING);
    }

    @Test
    void withToleranceAllBadRecordsAreSkippedAndGoToTheDeadLetterQueueWithContextHeaders() throws Exception {
        Path output = root.resolve("lenient.txt");
        fixture = new WorkerFixture(root).start(
                connector("name", "lenient", "connector.class", "FileStreamSink", "file", output.toString(), "topics", "raw",
                        "errors.tolerance", "all", "errors.log.enable", "true", "errors.log.include.messages", "true",
                        "errors.deadletterqueue.topic.name", "raw-dlq",
                        "errors.deadletterqueue.context.headers.enable", "true"));

        fixture.produce("raw", json("good 1"));
        fixture.produce("raw", BAD);
        fixture.produce("raw", json("good 2"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("good 1", "good 2"));
        List<ConsumerRecord<byte[], byte[]>> dlq = fixture.consume("raw-dlq", 1, TIMEOUT);
        assertThat(dlq).hasSize(1);
        ConsumerRecord<byte[], byte[]> dead = dlq.get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(BAD);
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_TOPIC)).isEqualTo("raw");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_OFFSET)).isEqualTo("1");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_CONNECTOR)).isEqualTo("lenient");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_TASK)).isEqualTo("0");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_STAGE)).isEqualTo("VALUE_CONVERTER");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_CLASS)).isEqualTo("org.apache.kafka.connect.json.JsonConverter");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_EXCEPTION)).isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(header(dead, DeadLetterQueueReporter.HEADER_STACKTRACE)).contains("DataException");
        assertThat(fixture.worker().taskStatus(new TaskId("lenient", 0)).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aFailedTaskCanBeRestartedAndCarriesOnWhereItFailed() throws Exception {
        Path output = root.resolve("flaky.txt");
        fixture = new WorkerFixture(root);
        TestPlugins.flakySink(fixture.pluginDir());
        fixture.start(connector("name", "flaky", "connector.class", "FlakySink", "topics", "events", "file", output.toString()));
        fixture.produce("events", json("first"));

        TaskId task = new TaskId("flaky", 0);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(fixture.worker().taskStatus(task).state()).isEqualTo(State.FAILED));
        assertThat(fixture.worker().taskStatus(task).trace()).contains("flaky sink fails on purpose");
        assertThat(output).doesNotExist();

        fixture.worker().restartTask(task);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("first"));
        assertThat(fixture.worker().taskStatus(task).state()).isEqualTo(State.RUNNING);
        assertThat(fixture.worker().taskStatus(task).trace()).isNull();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
