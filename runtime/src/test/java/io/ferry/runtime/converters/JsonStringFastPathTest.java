package io.ferry.runtime.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ferry's fast path must be indistinguishable from Kafka's JsonConverter: same bytes out, same values back. */
class JsonStringFastPathTest {

    /** Kafka's converter, counting the calls that reach it. */
    static final class CountingJsonConverter extends JsonConverter {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            calls.incrementAndGet();
            return super.fromConnectData(topic, schema, value);
        }

        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            calls.incrementAndGet();
            return super.toConnectData(topic, value);
        }
    }

    private static JsonConverter json(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        return converter;
    }

    private static JsonStringFastPath fast(JsonConverter converter, boolean schemas) {
        return JsonStringFastPath.wrap(converter, Map.of("schemas.enable", String.valueOf(schemas)));
    }

    private static List<String> samples() {
        List<String> samples = new ArrayList<>(List.of("", "line 1 of the quickstart", "quote \" and backslash \\ and slash /",
                "tab\tnewline\ncr\rbackspace\bformfeed\f", "\u0000\u0001\u001F\u007F", "caf\u00E9 \u00FC\u00DF \u20AC \u4E2D\u6587 \uFFFD",
                "emoji \uD83D\uDE00 pair", "lone \uD800 surrogate", "{\"schema\":{\"type\":\"string\"},\"payload\":\"x\"}", "\\u0041"));
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0xD800; c++) {
            every.append(c);
            if (every.length() == 512) {
                samples.add(every.toString());
                every.setLength(0);
            }
        }
        for (char c = 0xE000; c != 0; c++) {
            every.append(c);
        }
        samples.add(every.toString());
        Random random = new Random(42);
        String alphabet = "ab \"\\/\n\t\u0000\u00E9\u20AC\uD83D\uDE00";
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(text.toString());
        }
        return samples;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesTheBytesJsonConverterWritesAndReadsThemBackAlike(boolean schemas) {
        JsonConverter reference = json(schemas);
        JsonStringFastPath fast = fast(json(schemas), schemas);
        for (Schema schema : new Schema[] {Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA}) {
            for (String text : samples()) {
                byte[] expected = reference.fromConnectData("t", schema, text);
                byte[] actual = fast.fromConnectData("t", schema, text);
                assertThat(new String(actual, StandardCharsets.UTF_8)).as("%s", text).isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(actual).isEqualTo(expected);
                SchemaAndValue back = fast.toConnectData("t", actual);
                SchemaAndValue referenceBack = reference.toConnectData("t", expected);
                assertThat(back.value()).isEqualTo(referenceBack.value()).isEqualTo(text.contains("\uD800") ? back.value() : text);
                assertThat(back.schema()).isEqualTo(referenceBack.schema());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theCommonCaseNeverReachesJackson(boolean schemas) {
        CountingJsonConverter counting = new CountingJsonConverter();
        counting.configure(Map.of("schemas.enable", String.valueOf(schemas)), false);
        JsonStringFastPath fast = JsonStringFastPath.wrap(counting, Map.of("schemas.enable", String.valueOf(schemas)));
        int before = counting.calls.get();
        for (String text : List.of("line 1", "caf\u00E9 \"quoted\" \\ \t", "\u20AC")) {
            byte[] bytes = fast.fromConnectData("t", Schema.STRING_SCHEMA, text);
            assertThat(fast.toConnectData("t", bytes).value()).isEqualTo(text);
        }
        assertThat(counting.calls.get()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everythingElseGoesToJsonConverter(boolean schemas) {
        JsonConverter reference = json(schemas);
        JsonStringFastPath fast = fast(json(schemas), schemas);
        Schema named = SchemaBuilder.string().name("com.example.Name").build();
        Schema withDefault = SchemaBuilder.string().optional().defaultValue("d").build();
        Schema withDoc = SchemaBuilder.string().doc("a doc").build();
        Schema struct = SchemaBuilder.struct().field("f", Schema.STRING_SCHEMA).build();
        Object[][] cases = {{named, "x"}, {withDefault, "x"}, {withDefault, null}, {withDoc, "x"}, {Schema.INT32_SCHEMA, 7},
            {struct, new Struct(struct).put("f", "v")}, {null, "x"}, {null, null}, {Schema.OPTIONAL_STRING_SCHEMA, null},
            {Schema.BYTES_SCHEMA, new byte[] {1, 2}}};
        for (Object[] c : cases) {
            Schema schema = (Schema) c[0];
            byte[] expected = reference.fromConnectData("t", schema, c[1]);
            byte[] actual = fast.fromConnectData("t", schema, c[1]);
            assertThat(actual).as("%s %s", schema, c[1]).isEqualTo(expected);
            if (expected != null) {
                SchemaAndValue back = fast.toConnectData("t", actual);
                SchemaAndValue referenceBack = reference.toConnectData("t", expected);
                assertThat(back.schema()).isEqualTo(referenceBack.schema());
                assertThat(back.value()).usingRecursiveComparison().isEqualTo(referenceBack.value());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ \"schema\": {\"type\":\"string\",\"optional\":false}, \"payload\": \"spaced\" }",
        "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"\\u0041\\u00e9\\/\"}",
        "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"\\ud83d\\ude00\"}",
        "{\"schema\":{\"type\":\"string\",\"optional\":true},\"payload\":null}",
        "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"x\"}\n",
        "{\"payload\":\"x\",\"schema\":{\"type\":\"string\",\"optional\":false}}"})
    void readsWhatOtherProducersWroteAsJsonConverterDoes(String written) {
        byte[] bytes = written.getBytes(StandardCharsets.UTF_8);
        assertThat(fast(json(true), true).toConnectData("t", bytes)).isEqualTo(json(true).toConnectData("t", bytes));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void malformedBytesFailAsInJsonConverter(boolean schemas) {
        String head = schemas ? "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"" : "\"";
        String tail = schemas ? "\"}" : "\"";
        List<byte[]> malformed = List.of(
                (head + "raw\ncontrol" + tail).getBytes(StandardCharsets.UTF_8),
                (head + "bad \\q escape" + tail).getBytes(StandardCharsets.UTF_8),
                (head + "unterminated").getBytes(StandardCharsets.UTF_8),
                concat(head.getBytes(StandardCharsets.UTF_8), new byte[] {'a', (byte) 0xC3, '(', 'b'}, tail.getBytes(StandardCharsets.UTF_8)));
        for (byte[] bytes : malformed) {
            assertThatThrownBy(() -> json(schemas).toConnectData("t", bytes)).isInstanceOf(DataException.class);
            assertThatThrownBy(() -> fast(json(schemas), schemas).toConnectData("t", bytes)).isInstanceOf(DataException.class);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int pos = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, pos, part.length);
            pos += part.length;
        }
        return all;
    }
}
