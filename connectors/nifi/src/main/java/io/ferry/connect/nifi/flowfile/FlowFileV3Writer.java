package io.ferry.connect.nifi.flowfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes FlowFiles as an {@code application/flowfile-v3} package: per FlowFile the magic
 * {@code NiFiFF3}, the attribute count, each key and value (UTF-8, a null value as ""), the content
 * length as an 8-byte big-endian long and the content. No trailer, no checksum.
 */
public final class FlowFileV3Writer {

    private final OutputStream out;

    public FlowFileV3Writer(OutputStream out) {
        this.out = out;
    }

    /** The package of {@code flowFiles}, in order. */
    public static byte[] encode(List<FlowFile> flowFiles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlowFileV3Writer writer = new FlowFileV3Writer(bytes);
        try {
            for (FlowFile flowFile : flowFiles) {
                writer.write(flowFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Appends one FlowFile.
     *
     * @throws IllegalArgumentException if it has no attributes: NiFi's unpackager rejects those
     */
    public void write(FlowFile flowFile) throws IOException {
        Map<String, String> attributes = flowFile.attributes();
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("A FlowFile-v3 package needs at least one attribute per FlowFile");
        }
        out.write(FlowFileV3.MAGIC);
        writeFieldLength(attributes.size());
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            writeString(attribute.getKey());
            writeString(attribute.getValue() == null ? "" : attribute.getValue());
        }
        writeLong(flowFile.content().length);
        out.write(flowFile.content());
    }

    private void writeString(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeFieldLength(bytes.length);
        out.write(bytes);
    }

    private void writeFieldLength(int length) throws IOException {
        if (length < FlowFileV3.MAX_SHORT_FIELD_LENGTH) {
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(0xFF);
            out.write(0xFF);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
    }

    private void writeLong(long value) throws IOException {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }
}
