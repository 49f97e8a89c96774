package io.ferry.connect.nifi.s2s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.flowfile.FlowFileFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.nifi.remote.codec.StandardFlowFileCodec;
import org.apache.nifi.remote.io.CompressionInputStream;
import org.apache.nifi.remote.io.CompressionOutputStream;
import org.apache.nifi.remote.protocol.DataPacket;
import org.apache.nifi.remote.util.StandardDataPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Site-to-Site packets and compression against NiFi's StandardFlowFileCodec and Compression streams. */
class DataPacketCompatibilityTest {

    private static List<FlowFile> samples() {
        List<FlowFile> flowFiles = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 5; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("index", String.valueOf(i));
            attributes.put("unicode", "ä✓🚢");
            byte[] content = new byte[i * 40_000];
            random.nextBytes(content);
            if (i == 3) {
                Arrays.fill(content, (byte) 'a');
            }
            flowFiles.add(new FlowFile(attributes, content));
        }
        return flowFiles;
    }

    /** What NiFi's client writes: each packet through CheckedOutputStream, compressed per packet if asked. */
    private static byte[] nifiEncode(List<FlowFile> flowFiles, boolean compress, CRC32 crc) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        StandardFlowFileCodec codec = new StandardFlowFileCodec();
        for (FlowFile flowFile : flowFiles) {
            OutputStream data = compress ? new CompressionOutputStream(raw) : raw;
            OutputStream out = new CheckedOutputStream(data, crc);
            codec.encode(new StandardDataPacket(flowFile.attributes(), new ByteArrayInputStream(flowFile.content()), flowFile.size()), out);
            if (compress) {
                out.close();
            }
        }
        return raw.toByteArray();
    }

    /** What NiFi's client reads. */
    private static List<FlowFile> nifiDecode(byte[] bytes, boolean compress, CRC32 crc) throws IOException {
        InputStream raw = new ByteArrayInputStream(bytes);
        StandardFlowFileCodec codec = new StandardFlowFileCodec();
        List<FlowFile> flowFiles = new ArrayList<>();
        while (true) {
            InputStream data = compress ? new CompressionInputStream(raw) : raw;
            DataPacket packet = codec.decode(new CheckedInputStream(data, crc));
            if (packet == null) {
                return flowFiles;
            }
            byte[] content = packet.getData().readNBytes((int) packet.getSize());
            flowFiles.add(new FlowFile(packet.getAttributes(), content));
            if (compress) {
                // NiFi reads the end marker of the packet's compressed stream on its next read.
                assertThat(data.read()).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest(name = "compressed={0}")
    @ValueSource(booleans = {false, true})
    void ferryReadsNifiPacketsWithTheSameChecksum(boolean compress) throws IOException {
        CRC32 nifiCrc = new CRC32();
        byte[] bytes = nifiEncode(samples(), compress, nifiCrc);

        DataPacketReader reader = new DataPacketReader(new ByteArrayInputStream(bytes), compress, Long.MAX_VALUE);
        List<FlowFile> read = new ArrayList<>();
        for (FlowFile next = reader.next(); next != null; next = reader.next()) {
            read.add(next);
        }

        assertThat(read).containsExactlyElementsOf(samples());
        assertThat(reader.checksum()).isEqualTo(nifiCrc.getValue());
    }

    @ParameterizedTest(name = "compressed={0}")
    @ValueSource(booleans = {false, true})
    void nifiReadsFerryPacketsWithTheSameChecksum(boolean compress) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataPacketWriter writer = new DataPacketWriter(out, compress);
        for (FlowFile flowFile : samples()) {
            writer.write(flowFile);
        }

        CRC32 nifiCrc = new CRC32();
        assertThat(nifiDecode(out.toByteArray(), compress, nifiCrc)).containsExactlyElementsOf(samples());
        assertThat(nifiCrc.getValue()).isEqualTo(writer.checksum());
        if (!compress) {
            assertThat(out.toByteArray()).isEqualTo(nifiEncode(samples(), false, new CRC32()));
        }
    }

    @Test
    void encodedSizeIsTheNumberOfBytesWritten() throws IOException {
        for (FlowFile flowFile : samples()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DataPacketWriter(out, false).write(flowFile);
            assertThat(DataPacketWriter.encodedSize(flowFile)).isEqualTo(out.size());
        }
    }

    @ParameterizedTest(name = "compressed={0}")
    @ValueSource(booleans = {false, true})
    void truncatedPacketsAreFormatErrors(boolean compress) throws IOException {
        byte[] bytes = nifiEncode(samples().subList(0, 2), compress, new CRC32());
        for (int cut = 1; cut < bytes.length; cut += Math.max(1, bytes.length / 500)) {
            byte[] prefix = Arrays.copyOf(bytes, cut);
            DataPacketReader reader = new DataPacketReader(new ByteArrayInputStream(prefix), compress, Long.MAX_VALUE);
            int at = cut;
            assertThatThrownBy(() -> {
                while (reader.next() != null) {
                    // keep reading
                }
            }).as("cut at %d", at).isInstanceOf(FlowFileFormatException.class);
        }
    }

    @Test
    void absurdAttributeCountsAreRejected() {
        byte[] bytes = {0x7f, 0, 0, 0};
        DataPacketReader reader = new DataPacketReader(new ByteArrayInputStream(bytes), false, Long.MAX_VALUE);

        assertThatThrownBy(reader::next).isInstanceOf(FlowFileFormatException.class).hasMessageContaining("not a packet stream");
    }
}
