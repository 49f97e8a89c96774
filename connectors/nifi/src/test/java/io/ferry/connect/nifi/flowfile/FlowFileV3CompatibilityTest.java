package io.ferry.connect.nifi.flowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.nifi.util.FlowFilePackagerV3;
import org.apache.nifi.util.FlowFileUnpackagerV3;
import org.junit.jupiter.api.Test;

/** Ferry's FlowFile-v3 codec against NiFi's own FlowFilePackagerV3 / FlowFileUnpackagerV3. */
class FlowFileV3CompatibilityTest {

    private static List<FlowFile> samples() {
        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("filename", "a.txt");
        plain.put("path", "./");
        plain.put("uuid", "5d1b4f0e-1b7a-4a4c-9e59-0d2c4a0e9f11");
        Map<String, String> unicode = new LinkedHashMap<>();
        unicode.put("ключ", "värde ✓ 🚢");
        unicode.put("empty", "");
        Map<String, String> huge = new LinkedHashMap<>();
        huge.put("big", "x".repeat(70_000));
        huge.put("k".repeat(65_535), "exactly the long-length boundary");
        byte[] binary = new byte[100_000];
        new Random(7).nextBytes(binary);
        return List.of(
                FlowFile.of(plain, "hello, NiFi"),
                new FlowFile(unicode, new byte[0]),
                new FlowFile(huge, binary));
    }

    @Test
    void nifiUnpacksWhatFerryPacks() throws IOException {
        byte[] packed = FlowFileV3Writer.encode(samples());

        List<FlowFile> unpacked = new ArrayList<>();
        FlowFileUnpackagerV3 unpackager = new FlowFileUnpackagerV3();
        ByteArrayInputStream in = new ByteArrayInputStream(packed);
        while (unpackager.hasMoreData()) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            Map<String, String> attributes = unpackager.unpackageFlowFile(in, content);
            if (attributes == null) {
                break;
            }
            unpacked.add(new FlowFile(attributes, content.toByteArray()));
        }
        assertThat(unpacked).containsExactlyElementsOf(samples());
    }

    @Test
    void ferryUnpacksWhatNifiPacksAndWritesTheSameBytes() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        FlowFilePackagerV3 packager = new FlowFilePackagerV3();
        for (FlowFile flowFile : samples()) {
            packager.packageFlowFile(new ByteArrayInputStream(flowFile.content()), packed, flowFile.attributes(), flowFile.size());
        }

        assertThat(FlowFileV3Reader.decode(packed.toByteArray())).containsExactlyElementsOf(samples());
        assertThat(FlowFileV3Writer.encode(samples())).isEqualTo(packed.toByteArray());
    }

    @Test
    void wrongMagicIsRejectedWithTheFormatName() {
        byte[] notAPackage = "NiFiFF2 this is something else".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> FlowFileV3Reader.decode(notAPackage))
                .isInstanceOf(FlowFileFormatException.class)
                .hasMessageContaining("Not in FlowFile-v3 format")
                .hasMessageContaining("FlowFile #1");
    }

    @Test
    void aSecondFlowFileWithWrongMagicNamesItsPosition() {
        byte[] one = FlowFileV3Writer.encode(samples().subList(0, 1));
        byte[] bytes = Arrays.copyOf(one, one.length + 7);
        System.arraycopy("GARBAGE".getBytes(StandardCharsets.US_ASCII), 0, bytes, one.length, 7);

        assertThatThrownBy(() -> FlowFileV3Reader.decode(bytes))
                .isInstanceOf(FlowFileFormatException.class)
                .hasMessageContaining("FlowFile #2");
    }

    @Test
    void everyTruncationIsAnErrorExceptAtAFlowFileBoundary() throws IOException {
        List<FlowFile> two = List.of(samples().get(0), samples().get(1));
        byte[] full = FlowFileV3Writer.encode(two);
        int boundary = FlowFileV3Writer.encode(two.subList(0, 1)).length;

        for (int cut = 1; cut < full.length; cut++) {
            byte[] prefix = Arrays.copyOf(full, cut);
            if (cut == boundary) {
                assertThat(FlowFileV3Reader.decode(prefix)).containsExactly(two.get(0));
            } else {
                int at = cut;
                assertThatThrownBy(() -> FlowFileV3Reader.decode(prefix))
                        .as("cut at %d of %d", at, full.length)
                        .isInstanceOf(FlowFileFormatException.class)
                        .hasMessageStartingWith("Truncated FlowFile-v3 package");
            }
        }
        assertThat(FlowFileV3Reader.decode(new byte[0])).isEmpty();
        assertThat(FlowFileV3Reader.decode(full)).containsExactlyElementsOf(two);
    }

    @Test
    void nifiAlsoRejectsWhatFerryCallsTruncated() {
        byte[] full = FlowFileV3Writer.encode(samples().subList(0, 1));
        byte[] prefix = Arrays.copyOf(full, full.length - 3);

        assertThatThrownBy(() -> new FlowFileUnpackagerV3().unpackageFlowFile(new ByteArrayInputStream(prefix), new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> FlowFileV3Reader.decode(prefix)).isInstanceOf(FlowFileFormatException.class);
    }

    @Test
    void flowFilesNeedAtLeastOneAttribute() {
        assertThatThrownBy(() -> FlowFileV3Writer.encode(List.of(new FlowFile(Map.of(), new byte[1]))))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] zeroAttributes = {'N', 'i', 'F', 'i', 'F', 'F', '3', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> FlowFileV3Reader.decode(zeroAttributes))
                .isInstanceOf(FlowFileFormatException.class)
                .hasMessageContaining("no attributes");
    }

    @Test
    void contentOverTheLimitIsRejectedBeforeReadingIt() {
        byte[] packed = FlowFileV3Writer.encode(samples().subList(0, 1));
        FlowFileV3Reader reader = new FlowFileV3Reader(new ByteArrayInputStream(packed), 5);

        assertThatThrownBy(reader::next)
                .isInstanceOf(FlowFileFormatException.class)
                .hasMessageContaining("declares 11 content bytes; the limit is 5");
    }

    @Test
    void randomBytesOnlyEverFailAsFormatErrors() {
        Random random = new Random(42);
        byte[] valid = FlowFileV3Writer.encode(samples().subList(0, 2));
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                FlowFileV3Reader.decode(Arrays.copyOf(mutated, 1 + random.nextInt(mutated.length)));
            } catch (FlowFileFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
