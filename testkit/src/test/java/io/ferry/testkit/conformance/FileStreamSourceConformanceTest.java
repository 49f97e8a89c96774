package io.ferry.testkit.conformance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.source.SourceConnector;

/** Apache's FileStreamSource through the suite: a check of the suite itself on a connector it did not write. */
class FileStreamSourceConformanceTest extends SourceConnectorConformance {

    private Path input() {
        return root.resolve("in.txt");
    }

    @Override
    protected SourceConnector connector() {
        return new FileStreamSourceConnector();
    }

    @Override
    protected Map<String, String> config(String topic) {
        return Map.of("file", input().toString(), "topic", topic);
    }

    @Override
    protected BadConfig badConfig() {
        return new BadConfig(Map.of("file", input().toString()), "topic");
    }

    @Override
    protected void produceInput(List<String> values) throws Exception {
        Files.writeString(input(), String.join("\n", values) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
