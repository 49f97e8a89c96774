package io.ferry.connect.nifi.flowfile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code application/flowfile-v3} package one FlowFile at a time. A stream may end only
 * between two FlowFiles; anything else (a wrong magic header, a stream ending inside a field, no
 * attributes, content over the limit) is a {@link FlowFileFormatException} naming the FlowFile
 * and the field.
 */
public final class FlowFileV3Reader {

    /** The default limit of one FlowFile's content: what fits in a byte array. */
    public static final int DEFAULT_MAX_CONTENT_BYTES = Integer.MAX_VALUE - 16;

    private final InputStream in;
    private final long maxContentBytes;
    private final AttributeLimit attributeLimit;
    private int index;

    public FlowFileV3Reader(InputStream in) {
        this(in, DEFAULT_MAX_CONTENT_BYTES);
    }

    /** @param maxContentBytes the largest content accepted for one FlowFile */
    public FlowFileV3Reader(InputStream in, long maxContentBytes) {
        this(in, maxContentBytes, AttributeLimit.NONE);
    }

    /**
     * @param maxContentBytes the largest content accepted for one FlowFile
     * @param attributeLimit  the longest attribute key or value accepted
     */
    public FlowFileV3Reader(InputStream in, long maxContentBytes, AttributeLimit attributeLimit) {
        this.in = in;
        this.maxContentBytes = Math.min(maxContentBytes, DEFAULT_MAX_CONTENT_BYTES);
        this.attributeLimit = attributeLimit;
    }

    /** Every FlowFile of {@code bytes}, in order. */
    public static List<FlowFile> decode(byte[] bytes) throws FlowFileFormatException {
        FlowFileV3Reader reader = new FlowFileV3Reader(new ByteArrayInputStream(bytes));
        List<FlowFile> flowFiles = new ArrayList<>();
        try {
            for (FlowFile next = reader.next(); next != null; next = reader.next()) {
                flowFiles.add(next);
            }
        } catch (FlowFileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("A byte array cannot fail to read", e);
        }
        return flowFiles;
    }

    /** How many FlowFiles were read so far. */
    public int count() {
        return index;
    }

    /**
     * The next FlowFile, or null if the stream ended cleanly after the previous one.
     *
     * @throws FlowFileFormatException if the bytes are not a well-formed package
     * @throws IOException if the stream fails
     */
    public FlowFile next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        index++;
        byte[] magic = new byte[FlowFileV3.MAGIC.length];
        magic[0] = (byte) first;
        int read = in.readNBytes(magic, 1, magic.length - 1);
        if (read < magic.length - 1) {
            throw truncated("the magic header");
        }
        if (!Arrays.equals(magic, FlowFileV3.MAGIC)) {
            throw new FlowFileFormatException("Not in FlowFile-v3 format: FlowFile #" + index + " starts with 0x"
                    + HexFormat.of().formatHex(magic) + " instead of the magic header 'NiFiFF3'");
        }
        int count = readFieldLength("the attribute count");
        if (count == 0) {
            throw new FlowFileFormatException("FlowFile #" + index + " has no attributes; FlowFile-v3 requires at least one");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String key = readString("the key of attribute " + i);
            String value = readString("the value of attribute " + i + " ('" + key + "')");
            attributes.put(key, value);
        }
        long length = readLong();
        if (length < 0 || length > maxContentBytes) {
            throw new FlowFileFormatException("FlowFile #" + index + " declares " + length
                    + " content bytes; the limit is " + maxContentBytes);
        }
        byte[] content = in.readNBytes((int) length);
        if (content.length < length) {
            throw truncated("the content (" + content.length + " of " + length + " bytes)");
        }
        return new FlowFile(attributes, content);
    }

    private String readString(String field) throws IOException {
        int length = readFieldLength(field + " length");
        attributeLimit.check(length, "FlowFile #" + index + ": " + field);
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw truncated(field + " (" + bytes.length + " of " + length + " bytes)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int readFieldLength(String field) throws IOException {
        byte[] two = readExactly(2, field);
        int length = ((two[0] & 0xFF) << 8) | (two[1] & 0xFF);
        if (length < FlowFileV3.MAX_SHORT_FIELD_LENGTH) {
            return length;
        }
        byte[] four = readExactly(4, field);
        int longLength = ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
        if (longLength < 0) {
            throw new FlowFileFormatException("FlowFile #" + index + ": " + field + " is negative (" + longLength + ")");
        }
        return longLength;
    }

    private long readLong() throws IOException {
        byte[] eight = readExactly(8, "the content length");
        long value = 0;
        for (byte b : eight) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }

    private byte[] readExactly(int n, String field) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw truncated(field);
        }
        return bytes;
    }

    private FlowFileFormatException truncated(String field) {
        return new FlowFileFormatException("Truncated FlowFile-v3 package: the stream ended inside " + field
                + " of FlowFile #" + index);
    }
}
