package io.ferry.connect.nifi.s2s;

import io.ferry.connect.nifi.flowfile.AttributeLimit;
import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.flowfile.FlowFileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Reads Site-to-Site data packets: an int32 attribute count; per attribute an int32 length and the
 * UTF-8 key, an int32 length and the UTF-8 value; an int64 content length and the content. With
 * compression every packet is a separate chunked-deflate stream. Keeps the CRC32 of the plain packet
 * bytes, which is what the peer compares.
 */
public final class DataPacketReader {

    /** NiFi's own limit; a larger count means the stream is not a packet stream. */
    public static final int MAX_ATTRIBUTES = 25_000;

    private final InputStream in;
    private final boolean compressed;
    private final long maxContentBytes;
    private final AttributeLimit attributeLimit;
    private final CRC32 crc = new CRC32();
    private int index;

    /**
     * @param in              the raw stream (the HTTP body)
     * @param compressed      whether the peer asked for compression
     * @param maxContentBytes the largest content accepted for one packet
     */
    public DataPacketReader(InputStream in, boolean compressed, long maxContentBytes) {
        this(in, compressed, maxContentBytes, AttributeLimit.NONE);
    }

    /** As above, accepting attribute keys and values of at most {@code attributeLimit} bytes. */
    public DataPacketReader(InputStream in, boolean compressed, long maxContentBytes, AttributeLimit attributeLimit) {
        this.attributeLimit = attributeLimit;
        this.in = in;
        this.compressed = compressed;
        this.maxContentBytes = Math.min(maxContentBytes, Integer.MAX_VALUE - 16);
    }

    /** The CRC32 of the plain bytes of every packet read so far. */
    public long checksum() {
        return crc.getValue();
    }

    public int count() {
        return index;
    }

    /**
     * The next packet, or null if the stream ended cleanly after the previous one.
     *
     * @throws FlowFileFormatException if the bytes are not well-formed packets
     */
    public FlowFile next() throws IOException {
        InputStream source = compressed ? new ChunkedInflaterInputStream(in) : in;
        CheckedInputStream packet = new CheckedInputStream(source, crc);
        int first = packet.read();
        if (first < 0) {
            return null;
        }
        index++;
        byte[] rest = readExactly(packet, 3, "the attribute count");
        int count = (first << 24) | ((rest[0] & 0xFF) << 16) | ((rest[1] & 0xFF) << 8) | (rest[2] & 0xFF);
        if (count < 0 || count > MAX_ATTRIBUTES) {
            throw new FlowFileFormatException("Site-to-Site packet #" + index + " declares " + count
                    + " attributes (at most " + MAX_ATTRIBUTES + "); not a packet stream");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String key = readString(packet, "the key of attribute " + i);
            String value = readString(packet, "the value of attribute " + i + " ('" + key + "')");
            attributes.put(key, value);
        }
        long length = readLong(packet);
        if (length < 0 || length > maxContentBytes) {
            throw new FlowFileFormatException("Site-to-Site packet #" + index + " declares " + length
                    + " content bytes; the limit is " + maxContentBytes);
        }
        byte[] content = packet.readNBytes((int) length);
        if (content.length < length) {
            throw truncated("the content (" + content.length + " of " + length + " bytes)");
        }
        if (compressed && packet.read() >= 0) {
            throw new FlowFileFormatException("Site-to-Site packet #" + index + ": compressed stream has bytes after the packet");
        }
        return new FlowFile(attributes, content);
    }

    private String readString(InputStream packet, String field) throws IOException {
        byte[] four = readExactly(packet, 4, field + " length");
        int length = ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
        if (length < 0) {
            throw new FlowFileFormatException("Site-to-Site packet #" + index + ": " + field + " has a negative length");
        }
        attributeLimit.check(length, "Site-to-Site packet #" + index + ": " + field);
        byte[] bytes = packet.readNBytes(length);
        if (bytes.length < length) {
            throw truncated(field + " (" + bytes.length + " of " + length + " bytes)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long readLong(InputStream packet) throws IOException {
        long value = 0;
        for (byte b : readExactly(packet, 8, "the content length")) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }

    private byte[] readExactly(InputStream packet, int n, String field) throws IOException {
        byte[] bytes = packet.readNBytes(n);
        if (bytes.length < n) {
            throw truncated(field);
        }
        return bytes;
    }

    private FlowFileFormatException truncated(String field) {
        return new FlowFileFormatException("Truncated Site-to-Site data: the stream ended inside " + field + " of packet #" + index);
    }
}
