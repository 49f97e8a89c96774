package io.ferry.connect.file.sink;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A record as one line of JSON:
 * {@code {"key":..,"value":..,"headers":[{"key":"k","value":..}],"topic":"t","partition":0,"offset":5,"timestamp":1700000000000}}.
 * Connect data maps as JsonConverter maps it without schemas: structs and string-keyed maps are
 * objects, other maps arrays of [key, value] pairs, bytes Base64 text, decimals numbers, logical
 * dates days since the epoch, times milliseconds of the day, timestamps epoch milliseconds.
 */
public final class JsonLines {

    private static final long MILLIS_PER_DAY = TimeUnit.DAYS.toMillis(1);
    private final StringBuilder line = new StringBuilder(256);

    /** The record's line, without the line end. */
    public String line(SinkRecord record) {
        line.setLength(0);
        line.append("{\"key\":");
        value(record.key(), record.keySchema());
        line.append(",\"value\":");
        value(record.value(), record.valueSchema());
        line.append(",\"headers\":[");
        boolean first = true;
        for (Header header : record.headers()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            line.append("{\"key\":");
            string(header.key());
            line.append(",\"value\":");
            value(header.value(), header.schema());
            line.append('}');
        }
        line.append("],\"topic\":");
        string(record.topic());
        line.append(",\"partition\":").append(record.kafkaPartition());
        line.append(",\"offset\":").append(record.kafkaOffset());
        line.append(",\"timestamp\":").append(record.timestamp());
        line.append('}');
        return line.toString();
    }

    private void value(Object value, Schema schema) {
        if (value == null) {
            line.append("null");
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            line.append(value);
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                line.append(value);
            } else {
                string(value.toString());
            }
        } else if (value instanceof BigDecimal decimal) {
            line.append(decimal.toPlainString());
        } else if (value instanceof byte[] bytes) {
            string(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            string(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Date date) {
            date(date, schema);
        } else if (value instanceof Struct struct) {
            struct(struct);
        } else if (value instanceof Map<?, ?> map) {
            map(map, schema);
        } else if (value instanceof Collection<?> list) {
            line.append('[');
            boolean first = true;
            Schema items = schema == null ? null : schema.valueSchema();
            for (Object item : list) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                value(item, items);
            }
            line.append(']');
        } else {
            string(value.toString());
        }
    }

    private void date(Date date, Schema schema) {
        String logical = schema == null ? null : schema.name();
        long millis = date.getTime();
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)) {
            line.append(Math.floorDiv(millis, MILLIS_PER_DAY));
        } else if (org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(logical)) {
            line.append(Math.floorMod(millis, MILLIS_PER_DAY));
        } else {
            line.append(millis);
        }
    }

    private void struct(Struct struct) {
        line.append('{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            string(field.name());
            line.append(':');
            value(struct.get(field), field.schema());
        }
        line.append('}');
    }

    private void map(Map<?, ?> map, Schema schema) {
        Schema keys = schema == null ? null : schema.keySchema();
        Schema values = schema == null ? null : schema.valueSchema();
        boolean textKeys = map.keySet().stream().allMatch(k -> k instanceof String);
        line.append(textKeys ? '{' : '[');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            if (textKeys) {
                string((String) entry.getKey());
                line.append(':');
                value(entry.getValue(), values);
            } else {
                line.append('[');
                value(entry.getKey(), keys);
                line.append(',');
                value(entry.getValue(), values);
                line.append(']');
            }
        }
        line.append(textKeys ? '}' : ']');
    }

    private void string(String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
