package io.ferry.connect.nifi.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect values as FlowFile bytes and attribute text: bytes as they are, text as UTF-8, numbers and
 * booleans as their text, structs, maps and arrays as JSON.
 */
final class ValueText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ValueText() {
    }

    static byte[] bytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return new String(bytes(value), StandardCharsets.UTF_8);
        }
        if (value instanceof Struct || value instanceof Map || value instanceof Collection) {
            try {
                return JSON.writeValueAsString(plain(value));
            } catch (JsonProcessingException e) {
                throw new DataException("Cannot write a " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return value.toString();
    }

    /** Structs as maps, recursively, so that Jackson can write them. */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                fields.put(field.name(), plain(struct.get(field)));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), plain(v)));
            return entries;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> items = new ArrayList<>(collection.size());
            collection.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value instanceof ByteBuffer) {
            return bytes(value);
        }
        return value;
    }
}
