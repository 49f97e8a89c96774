package io.ferry.connect.nifi.s2s;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/** Writes Site-to-Site data packets (see {@link DataPacketReader}) and keeps their CRC32. */
public final class DataPacketWriter {

    private final OutputStream out;
    private final boolean compressed;
    private final CRC32 crc = new CRC32();

    public DataPacketWriter(OutputStream out, boolean compressed) {
        this.out = out;
        this.compressed = compressed;
    }

    /** The CRC32 of the plain bytes of every packet written so far. */
    public long checksum() {
        return crc.getValue();
    }

    /** The number of bytes one packet takes uncompressed. */
    public static long encodedSize(FlowFile flowFile) {
        long size = 4 + 8 + flowFile.size();
        for (Map.Entry<String, String> attribute : flowFile.attributes().entrySet()) {
            size += 8 + utf8Length(attribute.getKey()) + utf8Length(attribute.getValue());
        }
        return size;
    }

    public void write(FlowFile flowFile) throws IOException {
        OutputStream target = compressed ? new ChunkedDeflaterOutputStream(out) : out;
        CheckedOutputStream packet = new CheckedOutputStream(target, crc);
        Map<String, String> attributes = flowFile.attributes();
        writeInt(packet, attributes.size());
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            writeString(packet, attribute.getKey());
            writeString(packet, attribute.getValue() == null ? "" : attribute.getValue());
        }
        long length = flowFile.size();
        writeInt(packet, (int) (length >>> 32));
        writeInt(packet, (int) length);
        packet.write(flowFile.content());
        if (compressed) {
            target.close();
        }
    }

    private static void writeString(OutputStream packet, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(packet, bytes.length);
        packet.write(bytes);
    }

    private static void writeInt(OutputStream packet, int value) throws IOException {
        packet.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static long utf8Length(String value) {
        if (value == null) {
            return 0;
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
