package io.ferry.runtime.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.broker.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source offsets in one JSON file ({@code offset.storage.file.filename}), rewritten atomically on
 * every {@link #write}: a temporary file is written and fsynced, then renamed over the old one.
 * A crash at any moment leaves the previous or the new offsets. The format:
 *
 * <pre>{@code
 * {"format":"ferry-source-offsets","version":1,
 *  "connectors":{"local-file-source":[{"partition":{"filename":"test.txt"},"offset":{"position":30}}]}}
 * }</pre>
 *
 * Integral numbers are read back as {@code Long} and others as {@code Double} ({@link OffsetJson}).
 */
public final class FileOffsetStore implements OffsetStore {

    static final String FORMAT = "ferry-source-offsets";
    static final int VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(FileOffsetStore.class);
    private static final ObjectMapper JSON = OffsetJson.JSON;

    private final Path file;
    private final Map<String, Map<Map<String, Object>, Map<String, Object>>> data = new TreeMap<>();

    public FileOffsetStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /**
     * @throws ConnectException if the file exists but is not a readable offsets file (it is never
     *                          replaced silently: that would lose every connector's position)
     */
    @Override
    public synchronized void start() {
        data.clear();
        if (!Files.exists(file)) {
            log.info("No source offsets yet; they will be stored in {}", file);
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
                throw new ConnectException("Offsets file " + file + " is not a Ferry offsets file (format " + FORMAT
                        + ", version " + VERSION + "); move it away or point offset.storage.file.filename elsewhere");
            }
            int count = 0;
            for (Map.Entry<String, JsonNode> connector : root.path("connectors").properties()) {
                Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
                for (JsonNode entry : connector.getValue()) {
                    offsets.put(OffsetJson.toMap(entry.get("partition")), OffsetJson.toMap(entry.get("offset")));
                    count++;
                }
                data.put(connector.getKey(), offsets);
            }
            log.info("Loaded {} source offsets of {} connectors from {}", count, data.size(), file);
        } catch (IOException e) {
            throw new ConnectException("Cannot read the offsets file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Map<String, Object> offset(String namespace, Map<String, ?> partition) {
        Map<Map<String, Object>, Map<String, Object>> offsets = data.get(namespace);
        Map<String, Object> offset = offsets == null ? null : offsets.get(partition);
        return offset == null ? null : new HashMap<>(offset);
    }

    @Override
    public synchronized Map<Map<String, Object>, Map<String, Object>> offsets(String namespace) {
        Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
        data.getOrDefault(namespace, Map.of()).forEach((p, o) -> result.put(new HashMap<>(p), new HashMap<>(o)));
        return result;
    }

    @Override
    public synchronized void write(String namespace, Map<Map<String, Object>, Map<String, Object>> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Map<Map<String, Object>, Map<String, Object>> previous = data.get(namespace);
        Map<Map<String, Object>, Map<String, Object>> updated = previous == null ? new HashMap<>() : new HashMap<>(previous);
        offsets.forEach((partition, offset) -> {
            if (offset == null) {
                updated.remove(partition);
            } else {
                updated.put(Map.copyOf(partition), new LinkedHashMap<>(offset));
            }
        });
        Map<String, Map<Map<String, Object>, Map<String, Object>>> next = new TreeMap<>(data);
        if (updated.isEmpty()) {
            next.remove(namespace);
        } else {
            next.put(namespace, updated);
        }
        byte[] content = serialize(next);
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new ConnectException("Cannot write the offsets file " + file + ": " + e, e);
        }
        data.clear();
        data.putAll(next);
    }

    @Override
    public void close() {
        // Every write is durable when it returns: nothing to flush.
    }

    private static byte[] serialize(Map<String, Map<Map<String, Object>, Map<String, Object>>> all) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode connectors = root.putObject("connectors");
        all.forEach((namespace, offsets) -> {
            ArrayNode entries = connectors.putArray(namespace);
            offsets.forEach((partition, offset) -> {
                ObjectNode entry = entries.addObject();
                entry.set("partition", OffsetJson.toJson(partition));
                entry.set("offset", OffsetJson.toJson(offset));
            });
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new DataException("Cannot serialize source offsets: " + e.getMessage(), e);
        }
    }
}
