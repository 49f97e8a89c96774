package io.ferry.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.broker.util.AtomicFiles;
import io.ferry.runtime.config.ConnectorFiles;
import io.ferry.runtime.task.TargetState;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per connector in {@code ferry.connectors.dir}, named after the connector
 * (URL-encoded) and shaped like the REST API's create request plus the target state:
 * {@code {"name":"x","config":{...},"state":"RUNNING"}} (state RUNNING, PAUSED or STOPPED).
 * Each file is written atomically (temporary file, fsync, rename).
 */
public final class FileConnectorConfigStore implements ConnectorConfigStore {

    private static final Logger log = LoggerFactory.getLogger(FileConnectorConfigStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".json";

    private final Path dir;

    public FileConnectorConfigStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized List<StoredConnector> load() {
        List<StoredConnector> connectors = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return connectors;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new ConnectException("Cannot list the connectors directory " + dir + ": " + e, e);
        }
        files.sort(null);
        for (Path file : files) {
            try {
                Map<String, String> config = ConnectorFiles.read(file);
                JsonNode state = JSON.readTree(file.toFile()).get("state");
                connectors.add(new StoredConnector(config.get("name"), config, parseState(state == null ? null : state.asText())));
            } catch (IOException | RuntimeException e) {
                log.error("Ignoring connector file {}: {}", file, e.getMessage());
            }
        }
        return connectors;
    }

    @Override
    public synchronized void put(StoredConnector connector) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", connector.name());
        ObjectNode config = root.putObject("config");
        new TreeMap<>(connector.config()).forEach(config::put);
        root.put("state", stateName(connector.targetState()));
        try {
            AtomicFiles.write(fileOf(connector.name()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new ConnectException("Cannot store connector " + connector.name() + " in " + dir + ": " + e, e);
        }
    }

    @Override
    public synchronized void remove(String name) {
        try {
            Files.deleteIfExists(fileOf(name));
            AtomicFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new ConnectException("Cannot remove connector " + name + " from " + dir + ": " + e, e);
        }
    }

    private Path fileOf(String name) {
        return dir.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8) + SUFFIX);
    }

    /** RUNNING, PAUSED or STOPPED, as Kafka Connect's REST API names initial states. */
    static String stateName(TargetState state) {
        return state == TargetState.STARTED ? "RUNNING" : state.name();
    }

    static TargetState parseState(String name) {
        if (name == null || name.isBlank()) {
            return TargetState.STARTED;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING", "STARTED" -> TargetState.STARTED;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new ConnectException("Unknown connector state '" + name + "' (RUNNING, PAUSED or STOPPED)");
        };
    }
}
