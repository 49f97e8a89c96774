package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static io.ferry.runtime.testing.WorkerFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.State;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's quickstart, in process: test.txt → FileStreamSource → connect-test → FileStreamSink → test.sink.txt. */
class QuickstartPipelineTest extends WorkerTest {

    @Test
    void linesFlowFromFileToTopicToFileIncludingOnesAppendedLater() throws Exception {
        Path input = Files.writeString(root.resolve("test.txt"), "foo\nbar\n");
        Path output = root.resolve("test.sink.txt");
        fixture = new WorkerFixture(root).start(
                connector("name", "local-file-source", "connector.class", "FileStreamSource", "tasks.max", "1",
                        "file", input.toString(), "topic", "connect-test"),
                connector("name", "local-file-sink", "connector.class", "FileStreamSink", "tasks.max", "1",
                        "file", output.toString(), "topics", "connect-test"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("foo", "bar"));
        assertThat(fixture.consumeValues("connect-test", 2, TIMEOUT)).containsExactly(
                "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"foo\"}",
                "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"bar\"}");

        Files.writeString(input, "another line\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lines(output)).containsExactly("foo", "bar", "another line"));

        ConnectorStateInfo source = fixture.worker().status("local-file-source");
        assertThat(source.type()).isEqualTo("source");
        assertThat(source.connector().state()).isEqualTo(State.RUNNING);
        assertThat(source.tasks()).extracting(t -> t.state()).containsExactly(State.RUNNING);
        assertThat(fixture.worker().status("local-file-sink").type()).isEqualTo("sink");
    }

    @Test
    void configProviderReferencesAreResolvedWhenTheConnectorRunsAndKeptInItsConfiguration() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "secret line\n");
        Path secrets = Files.writeString(root.resolve("secrets.properties"), "topic=hidden-topic\n");
        String reference = "${file:" + secrets + ":topic}";
        fixture = new WorkerFixture(root).set("config.providers", "file")
                .set("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .set("config.providers.file.param.allowed.paths", root.toString())
                .start();
        fixture.worker().createOrUpdate("source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                "topic", reference));
        assertThat(fixture.consumeValues("hidden-topic", 1, TIMEOUT)).singleElement().asString().contains("secret line");
        assertThat(fixture.worker().connectorConfig("source")).containsEntry("topic", reference);
    }

    @Test
    void transformationsFromThePluginPathReshapeAndRouteRecords() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "alpha\nbeta\n");
        Path output = root.resolve("out.txt");
        // A pattern subscription notices new topics when it refreshes metadata (5 minutes by default).
        fixture = new WorkerFixture(root).set("consumer.metadata.max.age.ms", "500").start(
                connector("name", "source", "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                        "file", input.toString(), "topic", "lines",
                        "transforms", "hoist,route",
                        "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                        "transforms.hoist.field", "line",
                        "transforms.route.type", "RegexRouter",
                        "transforms.route.regex", "(.*)",
                        "transforms.route.replacement", "routed-$1"),
                connector("name", "sink", "connector.class", "FileStreamSinkConnector",
                        "file", output.toString(), "topics.regex", "routed-.*"));

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(lines(output)).containsExactly("Struct{line=alpha}", "Struct{line=beta}"));
        List<String> routed = fixture.consumeValues("routed-lines", 2, TIMEOUT);
        assertThat(routed).hasSize(2);
        assertThat(routed.get(0)).contains("\"field\":\"line\"").contains("\"payload\":{\"line\":\"alpha\"}");
    }
}
