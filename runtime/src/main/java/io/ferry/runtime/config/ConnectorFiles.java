package io.ferry.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads a connector configuration file as Kafka Connect standalone accepts it: a
 * {@code .properties} file, a flat JSON object of settings, or a JSON object shaped like the REST
 * API's create request, {@code {"name": ..., "config": {...}}}. JSON is recognised by the
 * {@code .json} extension or a leading <code>{</code>. JSON numbers and booleans become their text.
 */
public final class ConnectorFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorFiles() {
    }

    /**
     * @return the configuration, with its {@code name}
     * @throws ConnectException naming the file if it cannot be read, is malformed, or has no name
     */
    public static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConnectException("Cannot read connector configuration file " + file + ": " + e, e);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(file.toString(), text, json);
    }

    /**
     * Parses a configuration read elsewhere (standard input): JSON if {@code json} or if it starts with <code>{</code>,
     * else properties.
     *
     * @param origin where the text came from, for messages (a file name, "(standard input)")
     * @return the configuration, with its {@code name}
     * @throws ConnectException naming {@code origin} if the text is malformed or has no name
     */
    public static Map<String, String> parse(String origin, String text, boolean json) {
        Map<String, String> config = json || text.stripLeading().startsWith("{") ? fromJson(origin, text) : fromProperties(origin, text);
        String name = config.get(ConnectorConfig.NAME);
        if (name == null || name.isBlank()) {
            throw new ConnectException("Connector configuration file " + origin + " has no '" + ConnectorConfig.NAME + "'");
        }
        return config;
    }

    private static Map<String, String> fromProperties(String file, String text) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("Connector configuration file " + file + " is not a valid properties file: " + e.getMessage(), e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key).trim()));
        return config;
    }

    private static Map<String, String> fromJson(String file, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConnectException("Connector configuration file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConnectException("Connector configuration file " + file + " must hold a JSON object");
        }
        JsonNode nested = root.get("config");
        if (nested == null) {
            return flat(file, root);
        }
        if (!nested.isObject()) {
            throw new ConnectException("Connector configuration file " + file + ": 'config' must be a JSON object");
        }
        Map<String, String> config = flat(file, nested);
        JsonNode name = root.get(ConnectorConfig.NAME);
        if (name != null && !name.isNull()) {
            String outer = name.asText();
            String inner = config.get(ConnectorConfig.NAME);
            if (inner != null && !inner.equals(outer)) {
                throw new ConnectException("Connector configuration file " + file + " names the connector '" + outer
                        + "' but its config says name=" + inner);
            }
            config.put(ConnectorConfig.NAME, outer);
        }
        return config;
    }

    private static Map<String, String> flat(String file, JsonNode object) {
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new ConnectException("Connector configuration file " + file + ": '" + field.getKey()
                        + "' must be a string, number or boolean, not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            if (!value.isNull()) {
                config.put(field.getKey(), value.asText());
            }
        }
        return config;
    }
}
