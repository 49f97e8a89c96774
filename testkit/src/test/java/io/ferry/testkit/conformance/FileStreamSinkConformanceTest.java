package io.ferry.testkit.conformance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.sink.SinkConnector;

/** Apache's FileStreamSink through the suite: a check of the suite itself on a connector it did not write. */
class FileStreamSinkConformanceTest extends SinkConnectorConformance {

    private Path output;

    private Path file() {
        return root.resolve("out.txt");
    }

    @Override
    protected SinkConnector connector() {
        return new FileStreamSinkConnector();
    }

    @Override
    protected Map<String, String> config(String topic) {
        return Map.of("file", file().toString(), "topics", topic);
    }

    @Override
    protected Map<Check, String> optOuts() {
        return Map.of(Check.VALIDATE, "FileStreamSink has no setting that can be wrong: its one key, file, is an optional "
                + "string (empty means standard output)");
    }

    @Override
    protected List<String> output() throws Exception {
        return Files.exists(file()) ? Files.readAllLines(file(), StandardCharsets.UTF_8) : List.of();
    }
}
