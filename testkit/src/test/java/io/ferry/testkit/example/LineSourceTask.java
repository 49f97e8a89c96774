package io.ferry.testkit.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Reads the lines of a file after the last one committed (offset {@code {"line": n}}), and waits for more. */
public class LineSourceTask extends SourceTask {

    private final Object idle = new Object();
    private Path file;
    private String topic;
    private Map<String, String> partition;
    private long next;
    private volatile boolean stopping;

    @Override
    public void start(Map<String, String> props) {
        file = Path.of(props.get("file"));
        topic = props.get("topic");
        partition = Map.of("file", file.toString());
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        next = offset == null ? 0 : (Long) offset.get("line");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<String> lines = lines();
        List<SourceRecord> records = new ArrayList<>();
        for (; next < lines.size(); next++) {
            records.add(new SourceRecord(partition, Map.of("line", next + 1), topic, Schema.STRING_SCHEMA,
                    lines.get((int) next)));
        }
        if (records.isEmpty()) {
            synchronized (idle) {
                if (!stopping) {
                    idle.wait(100); // no new line: wait a little, or until stop()
                }
            }
            return null;
        }
        return records;
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new ConnectException("Cannot read " + file, e);
        }
    }

    @Override
    public void stop() {
        synchronized (idle) {
            stopping = true;
            idle.notifyAll();
        }
    }

    @Override
    public String version() {
        return "1.0";
    }
}
