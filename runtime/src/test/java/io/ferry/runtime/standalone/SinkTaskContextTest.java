package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.errors.DeadLetterQueueReporter;
import io.ferry.runtime.testing.TestPlugins;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What a sink task can ask through its context: offset resets, the errant record reporter, open and close. */
class SinkTaskContextTest extends WorkerTest {

    @Test
    void offsetResetsErrantRecordsAndPartitionCallbacksWork() throws Exception {
        Path output = root.resolve("out.txt");
        fixture = new WorkerFixture(root).set("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        TestPlugins.contextSink(fixture.pluginDir());
        fixture.start();
        fixture.produce("events", "a");
        fixture.produce("events", "errant");
        fixture.produce("events", "b");
        fixture.worker().createOrUpdate("context", connector("connector.class", "ContextSink", "topics", "events",
                "file", output.toString(), "errors.tolerance", "all", "errors.deadletterqueue.topic.name", "events-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1", "errors.deadletterqueue.context.headers.enable", "true"));

        // The task rewinds to offset 0 after its first batch, so "a" (and "b") come twice.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<String> written = lines(output);
            assertThat(Collections.frequency(written, "a")).isEqualTo(2);
            assertThat(written.subList(written.size() - 2, written.size())).containsExactly("a", "b");
        });
        List<ConsumerRecord<byte[], byte[]>> dead = fixture.consume("events-dlq", 1, TIMEOUT);
        assertThat(dead).isNotEmpty().allSatisfy(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("errant");
            assertThat(header(record, DeadLetterQueueReporter.HEADER_STAGE)).isEqualTo("TASK_PUT");
            assertThat(header(record, DeadLetterQueueReporter.HEADER_OFFSET)).isEqualTo("1");
            assertThat(header(record, DeadLetterQueueReporter.HEADER_EXCEPTION)).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(header(record, DeadLetterQueueReporter.HEADER_MESSAGE)).isEqualTo("errant on purpose");
        });

        fixture.stop();
        List<String> events = lines(root.resolve("out.txt.events"));
        assertThat(events.get(0)).isEqualTo("open [events-0]");
        assertThat(events.get(events.size() - 1)).isEqualTo("close [events-0]");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
