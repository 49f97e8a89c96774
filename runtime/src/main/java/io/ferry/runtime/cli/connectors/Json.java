package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of the commands: one mapper, pretty output for {@code -o json}, and small readers of REST replies. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Prints {@code node} indented, as {@code -o json} does. */
    public static void print(PrintWriter out, JsonNode node) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** {@code node} on one line (offsets and partitions in tables). */
    public static String compact(JsonNode node) {
        return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
    }

    /** The text values of a JSON array ([] if missing). */
    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** A JSON object of strings as a sorted map. */
    public static Map<String, String> sortedStrings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        if (object != null) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        }
        return map;
    }

    /** Parses JSON given by the user, or fails with a usage error naming {@code what}. */
    public static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.USAGE, what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
