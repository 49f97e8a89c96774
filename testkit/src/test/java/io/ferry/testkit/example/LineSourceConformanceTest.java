package io.ferry.testkit.example;

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

/** The conformance test of the example connector: the whole of what docs/testkit.md asks a connector author to write. */
class LineSourceConformanceTest extends SourceConnectorConformance {

    private Path input() {
        return root.resolve("lines.txt"); // root: the suite's temporary folder
    }

    @Override
    protected SourceConnector connector() {
        return new LineSourceConnector();
    }

    @Override
    protected Map<String, String> config(String topic) {
        return Map.of("file", input().toString(), "topic", topic);
    }

    @Override
    protected BadConfig badConfig() {
        return new BadConfig(Map.of("file", input().toString(), "topic", ""), "topic");
    }

    @Override
    protected void produceInput(List<String> values) throws IOException {
        Files.writeString(input(), String.join("\n", values) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
