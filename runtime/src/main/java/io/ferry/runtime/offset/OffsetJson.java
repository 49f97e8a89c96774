package io.ferry.runtime.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.DataException;

/**
 * Source partitions and offsets as JSON, shared by the offset stores. Integral numbers are read
 * back as {@code Long} and others as {@code Double}, as Kafka Connect's own offset storage returns
 * them. The record format of an offsets topic is Kafka Connect's: the key is
 * {@code ["<namespace>",{partition}]} and the value {@code {offset}} (null: the partition's offset
 * was removed), so partition keys are written sorted, giving one key per partition for compaction.
 */
final class OffsetJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A namespace (connector) and one of its source partitions, read from an offsets topic key. */
    record Key(String namespace, Map<String, Object> partition) {
    }

    private OffsetJson() {
    }

    static ObjectNode toJson(Map<String, ?> map) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(map).forEach((key, value) -> {
            if (value == null) {
                node.putNull(key);
            } else if (value instanceof String s) {
                node.put(key, s);
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else if (value instanceof Float || value instanceof Double) {
                node.put(key, ((Number) value).doubleValue());
            } else if (value instanceof Number n) {
                node.put(key, n.longValue());
            } else {
                throw new DataException("Source offsets may hold strings, numbers, booleans and null only; '" + key
                        + "' holds a " + value.getClass().getName());
            }
        });
        return node;
    }

    static Map<String, Object> toMap(JsonNode node) throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException("an offset entry lacks its partition or offset object");
        }
        Map<String, Object> map = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            Object converted;
            if (value.isNull()) {
                converted = null;
            } else if (value.isIntegralNumber()) {
                converted = value.longValue();
            } else if (value.isNumber()) {
                converted = value.doubleValue();
            } else if (value.isBoolean()) {
                converted = value.booleanValue();
            } else if (value.isTextual()) {
                converted = value.textValue();
            } else {
                throw new IOException("'" + field.getKey() + "' holds " + value.getNodeType() + ", not a primitive value");
            }
            map.put(field.getKey(), converted);
        }
        return map;
    }

    /** The offsets topic key of {@code partition} in {@code namespace}. */
    static byte[] key(String namespace, Map<String, ?> partition) {
        ArrayNode key = JsonNodeFactory.instance.arrayNode();
        key.add(namespace);
        key.add(toJson(partition));
        return bytes(key);
    }

    /** The offsets topic value of {@code offset}, or null (a tombstone) for none. */
    static byte[] value(Map<String, ?> offset) {
        return offset == null ? null : bytes(toJson(offset));
    }

    static Key parseKey(byte[] key) throws IOException {
        JsonNode node = key == null ? null : JSON.readTree(key);
        if (node == null || !node.isArray() || node.size() != 2 || !node.get(0).isTextual()) {
            throw new IOException("not a [namespace, partition] key");
        }
        return new Key(node.get(0).textValue(), toMap(node.get(1)));
    }

    static Map<String, Object> parseValue(byte[] value) throws IOException {
        return value == null ? null : toMap(JSON.readTree(value));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new DataException("Cannot serialize source offsets: " + e.getMessage(), e);
        }
    }
}
