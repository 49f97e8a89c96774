package io.ferry.connect.file;

import io.ferry.testkit.conformance.BadConfig;
import io.ferry.testkit.conformance.SourceConnectorConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.BeforeEach;

/** Ferry's file source passes the test kit's conformance suite, exactly-once included. */
class FileSourceConformanceTest extends SourceConnectorConformance {

    private Path input;

    @BeforeEach
    void createInput() throws IOException {
        input = Files.createFile(root.resolve("in.txt"));
    }

    @Override
    protected SourceConnector connector() {
        return new FileSourceConnector();
    }

    @Override
    protected Map<String, String> config(String topic) {
        return Map.of("file", input.toString(), "topic", topic, "poll.interval.ms", "20");
    }

    @Override
    protected BadConfig badConfig() {
        return new BadConfig(Map.of("file", input.toString(), "topic", "t", "batch.size", "0"), "batch.size");
    }

    @Override
    protected void produceInput(List<String> values) throws IOException {
        Files.writeString(input, String.join("\n", values) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
