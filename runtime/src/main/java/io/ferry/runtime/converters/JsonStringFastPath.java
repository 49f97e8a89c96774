package io.ferry.runtime.converters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka's own {@code org.apache.kafka.connect.json.JsonConverter}, with the commonest case served without building
 * a Jackson tree: a plain string value (a {@code string} schema with no name, version, doc, parameters or default).
 * Those records are written as the exact bytes JsonConverter writes
 * ({@code {"schema":{"type":"string","optional":false},"payload":"..."}}, or the bare JSON string without schemas),
 * and exactly those bytes are read back to the same {@link SchemaAndValue}; anything else (other schemas and
 * values, strings with surrogate pairs, escapes such as {@code \u0041} or bytes written by another producer) goes
 * to JsonConverter itself. Tests compare both paths byte for byte and value for value. The worker wraps a
 * JsonConverter loaded from its own class path only (the version the tests ran against); see docs/adr/0010.
 */
public final class JsonStringFastPath implements Converter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENVELOPE_START = "{\"schema\":{\"type\":\"string\",\"optional\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUIRED = "false},\"payload\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTIONAL = "true},\"payload\":".getBytes(StandardCharsets.US_ASCII);

    /** The class name this wraps. */
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private final Converter json;
    private boolean schemas;
    private Schema requiredSchema;
    private Schema optionalSchema;

    private JsonStringFastPath(Converter json) {
        this.json = json;
    }

    /**
     * Wraps a configured JsonConverter.
     *
     * @param props the settings it was configured with ({@code schemas.enable}, default true)
     */
    public static JsonStringFastPath wrap(Converter json, Map<String, ?> props) {
        JsonStringFastPath fast = new JsonStringFastPath(json);
        fast.learn(props);
        return fast;
    }

    /** Reads {@code schemas.enable} and the schemas JsonConverter itself returns for a required and an optional string. */
    private void learn(Map<String, ?> props) {
        Object enable = props.get("schemas.enable");
        schemas = enable == null || Boolean.parseBoolean(String.valueOf(enable).trim());
        if (schemas) {
            requiredSchema = json.toConnectData("", envelope("x", false)).schema();
            optionalSchema = json.toConnectData("", envelope("x", true)).schema();
        }
    }

    private static byte[] envelope(String value, boolean optional) {
        return ("{\"schema\":{\"type\":\"string\",\"optional\":" + optional + "},\"payload\":\"" + value + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The converter that does everything but the fast path. */
    public Converter delegate() {
        return json;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        json.configure(configs, isKey);
        learn(configs);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        byte[] fast = write(schema, value);
        return fast != null ? fast : json.fromConnectData(topic, schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        byte[] fast = write(schema, value);
        return fast != null ? fast : json.fromConnectData(topic, headers, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        SchemaAndValue fast = read(value);
        return fast != null ? fast : json.toConnectData(topic, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        SchemaAndValue fast = read(value);
        return fast != null ? fast : json.toConnectData(topic, headers, value);
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    /** The bytes JsonConverter writes for a plain string, or null if this is not one. */
    private byte[] write(Schema schema, Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        byte[] head;
        if (schemas) {
            if (!isPlainString(schema)) {
                return null;
            }
            head = schema.isOptional() ? OPTIONAL : REQUIRED;
        } else {
            head = null;
        }
        int length = text.length();
        int envelope = head == null ? 0 : ENVELOPE_START.length + head.length + 1;
        // Plain ASCII (the common case): the JDK's own encoder (a plain array copy for such strings), checked for
        // characters JSON escapes, copied into an array of the exact size.
        byte[] ascii = text.getBytes(StandardCharsets.UTF_8);
        if (ascii.length == length && isPlainAscii(ascii, text)) {
            byte[] out = new byte[envelope + 2 + length];
            int pos = writeHead(head, out);
            out[pos++] = '"';
            System.arraycopy(ascii, 0, out, pos, length);
            pos += length;
            out[pos++] = '"';
            if (head != null) {
                out[pos] = '}';
            }
            return out;
        }
        // Anything else char by char into an array sized for the worst case (every char a six-byte \\u00XX escape or
        // three UTF-8 bytes), then trimmed.
        byte[] out = new byte[envelope + 2 + length * 6];
        int pos = writeHead(head, out);
        out[pos++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[pos++] = (byte) c;
                } else {
                    pos = escape(c, out, pos);
                }
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xC0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return null; // pairs and lone surrogates: Jackson's own handling
            } else {
                out[pos++] = (byte) (0xE0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[pos++] = '"';
        if (head != null) {
            out[pos++] = '}';
        }
        return pos == out.length ? out : Arrays.copyOf(out, pos);
    }

    /** Writes the schema envelope's start (if any); returns the position after it. */
    private static int writeHead(byte[] head, byte[] out) {
        if (head == null) {
            return 0;
        }
        System.arraycopy(ENVELOPE_START, 0, out, 0, ENVELOPE_START.length);
        System.arraycopy(head, 0, out, ENVELOPE_START.length, head.length);
        return ENVELOPE_START.length + head.length;
    }

    /**
     * Whether {@code text}, encoded as {@code utf8} of the same length, is written as itself: printable ASCII but quote
     * and backslash. Same lengths leave only ASCII and lone surrogates (which the encoder turns into '?').
     */
    private static boolean isPlainAscii(byte[] utf8, String text) {
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0x20 || b == '"' || b == '\\' || (b == '?' && text.charAt(i) != '?')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainString(Schema schema) {
        return schema != null && schema.type() == Schema.Type.STRING && schema.name() == null && schema.version() == null
                && schema.doc() == null && (schema.parameters() == null || schema.parameters().isEmpty())
                && schema.defaultValue() == null;
    }

    /** Jackson's escapes: the short forms for quote, backslash, \b \t \n \f \r; other control characters as \\u00XX. */
    private static int escape(char c, byte[] out, int pos) {
        out[pos++] = '\\';
        switch (c) {
            case '"' -> out[pos++] = '"';
            case '\\' -> out[pos++] = '\\';
            case '\b' -> out[pos++] = 'b';
            case '\t' -> out[pos++] = 't';
            case '\n' -> out[pos++] = 'n';
            case '\f' -> out[pos++] = 'f';
            case '\r' -> out[pos++] = 'r';
            default -> {
                out[pos++] = 'u';
                out[pos++] = '0';
                out[pos++] = '0';
                out[pos++] = HEX[c >> 4];
                out[pos++] = HEX[c & 0xF];
            }
        }
        return pos;
    }

    /** The value of exactly the bytes {@link #write} produces, or null for anything else. */
    private SchemaAndValue read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int start;
        int end;
        Schema schema = null;
        if (schemas) {
            int prefix = ENVELOPE_START.length;
            if (!startsWith(bytes, ENVELOPE_START, 0)) {
                return null;
            }
            if (startsWith(bytes, REQUIRED, prefix)) {
                schema = requiredSchema;
                start = prefix + REQUIRED.length;
            } else if (startsWith(bytes, OPTIONAL, prefix)) {
                schema = optionalSchema;
                start = prefix + OPTIONAL.length;
            } else {
                return null;
            }
            end = bytes.length - 2;
            if (end <= start || bytes[end] != '"' || bytes[end + 1] != '}') {
                return null;
            }
        } else {
            start = 0;
            end = bytes.length - 1;
            if (end <= start || bytes[end] != '"') {
                return null;
            }
        }
        if (bytes[start] != '"') {
            return null;
        }
        String text = unquote(bytes, start + 1, end);
        return text == null ? null : new SchemaAndValue(schema, text);
    }

    /** The JSON string content between from and to (exclusive), or null if it is not one we read ourselves. */
    private static String unquote(byte[] bytes, int from, int to) {
        boolean ascii = true;
        boolean escapes = false;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < 0) {
                ascii = false;
            } else if (b < 0x20 || b == '"') {
                return null; // not valid inside a JSON string (or the string ends early): JsonConverter's error
            } else if (b == '\\') {
                escapes = true;
                i++; // the escaped character cannot end the string
            }
        }
        if (!escapes) {
            return ascii ? new String(bytes, from, to - from, StandardCharsets.ISO_8859_1) : decodeStrict(bytes, from, to);
        }
        StringBuilder text = new StringBuilder(to - from);
        int run = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] != '\\') {
                continue;
            }
            if (i > run) {
                String plain = ascii ? new String(bytes, run, i - run, StandardCharsets.ISO_8859_1) : decodeStrict(bytes, run, i);
                if (plain == null) {
                    return null;
                }
                text.append(plain);
            }
            if (i + 1 >= to) {
                return null;
            }
            byte e = bytes[++i];
            switch (e) {
                case '"' -> text.append('"');
                case '\\' -> text.append('\\');
                case '/' -> text.append('/');
                case 'b' -> text.append('\b');
                case 't' -> text.append('\t');
                case 'n' -> text.append('\n');
                case 'f' -> text.append('\f');
                case 'r' -> text.append('\r');
                case 'u' -> {
                    if (i + 4 >= to) {
                        return null;
                    }
                    int c = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(bytes[i + k], 16);
                        if (digit < 0) {
                            return null;
                        }
                        c = (c << 4) | digit;
                    }
                    if (Character.isSurrogate((char) c)) {
                        return null;
                    }
                    text.append((char) c);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
            run = i + 1;
        }
        if (run < to) {
            String plain = ascii ? new String(bytes, run, to - run, StandardCharsets.ISO_8859_1) : decodeStrict(bytes, run, to);
            if (plain == null) {
                return null;
            }
            text.append(plain);
        }
        return text.toString();
    }

    /** UTF-8 that Jackson would accept (no malformed or surrogate-encoding sequences), else null. */
    private static String decodeStrict(byte[] bytes, int from, int to) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from));
            for (int i = 0; i < chars.length(); i++) {
                if (Character.isSurrogate(chars.charAt(i))) {
                    return null; // four-byte sequences: Jackson's own handling
                }
            }
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
