package io.ferry.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.status.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded worker: starts fast, runs Apache's FileStream connectors created over REST, restarts on its state. */
class EmbeddedWorkerTest {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWorkerTest.class);

    @TempDir
    Path dir;

    @Test
    void runsAFileStreamPipelineCreatedThroughTheRestApiAndComesBackAfterARestart() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
        Path out = dir.resolve("out.txt");
        try (EmbeddedWorker worker = EmbeddedWorker.at(dir).start()) {
            log.info("Embedded worker start: {} ms", worker.startTime().toMillis());
            assertThat(worker.startTime()).isLessThan(java.time.Duration.ofSeconds(10));

            worker.createConnectorThroughRest("in", Map.of("connector.class", "FileStreamSource", "file", in.toString(),
                    "topic", "lines"));
            worker.createConnector("out", Map.of("connector.class", "FileStreamSink", "file", out.toString(),
                    "topics", "lines"));
            worker.awaitRunning("in", 1);
            worker.awaitRunning("out", 1);
            assertThat(worker.topics().values("lines", 3)).containsExactly("a", "b", "c");

            worker.worker().pause("out");
            worker.awaitState("out", State.PAUSED, 1, State.PAUSED);
            worker.worker().resume("out");
            worker.awaitRunning("out", 1);

            worker.restart();
            worker.awaitRunning("in", 1);
            Files.writeString(in, "d\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(worker.topics().values("lines", 4)).containsExactly("a", "b", "c", "d");
            org.awaitility.Awaitility.await().atMost(EmbeddedWorker.DEFAULT_TIMEOUT)
                    .until(() -> Files.exists(out) && Files.readAllLines(out).size() == 4);
            assertThat(Files.readAllLines(out)).containsExactly("a", "b", "c", "d");
            assertThat(worker.rest().get("/connectors").body()).contains("\"in\"", "\"out\"");
        }
    }
}
