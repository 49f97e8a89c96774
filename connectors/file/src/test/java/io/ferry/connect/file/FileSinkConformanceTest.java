package io.ferry.connect.file;

import io.ferry.testkit.conformance.BadConfig;
import io.ferry.testkit.conformance.SinkConnectorConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkConnector;

/** Ferry's file sink passes the test kit's conformance suite. */
class FileSinkConformanceTest extends SinkConnectorConformance {

    private Path file() {
        return root.resolve("out.txt");
    }

    @Override
    protected SinkConnector connector() {
        return new FileSinkConnector();
    }

    @Override
    protected Map<String, String> config(String topic) {
        return Map.of("file", file().toString(), "topics", topic);
    }

    @Override
    protected BadConfig badConfig() {
        return new BadConfig(Map.of("file", file().toString(), "topics", "t", "format", "yaml"), "format");
    }

    @Override
    protected List<String> output() throws IOException {
        Path file = file();
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
