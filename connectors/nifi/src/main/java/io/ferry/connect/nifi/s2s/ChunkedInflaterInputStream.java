package io.ferry.connect.nifi.s2s;

import io.ferry.connect.nifi.flowfile.FlowFileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reading side of {@link ChunkedDeflaterOutputStream}: one compressed stream (chunks up to the
 * {@code 0} terminator). If the underlying stream ends before the first chunk begins, this stream
 * is simply empty; ending anywhere else is a {@link FlowFileFormatException}. Closing does not close
 * the underlying stream.
 */
public final class ChunkedInflaterInputStream extends InputStream {

    /** Chunks larger than this are refused (NiFi writes 64 KiB chunks). */
    private static final int MAX_CHUNK = 16 * 1024 * 1024;

    private final InputStream in;
    private final Inflater inflater = new Inflater();
    private byte[] chunk = new byte[0];
    private int position;
    private boolean started;
    private boolean finished;

    public ChunkedInflaterInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        inflater.end();
    }

    /** Makes sure unread plain bytes are buffered; false at the end of the compressed stream. */
    private boolean fill() throws IOException {
        while (position == chunk.length) {
            if (finished) {
                return false;
            }
            if (started) {
                int more = in.read();
                if (more <= 0) {
                    finished = true;
                    return false;
                }
                if (more != 1) {
                    throw new FlowFileFormatException("Compressed Site-to-Site data: expected 0 or 1 between chunks, got " + more);
                }
            }
            if (!readChunk()) {
                finished = true;
                return false;
            }
        }
        return true;
    }

    private boolean readChunk() throws IOException {
        byte[] header = in.readNBytes(12);
        if (header.length == 0 && !started) {
            return false;
        }
        if (header.length < 12) {
            throw new FlowFileFormatException("Compressed Site-to-Site data ended inside a chunk header");
        }
        if (!Arrays.equals(Arrays.copyOf(header, 4), ChunkedDeflaterOutputStream.SYNC)) {
            throw new FlowFileFormatException("Compressed Site-to-Site data: a chunk does not start with 'SYNC'");
        }
        started = true;
        int plain = readInt(header, 4);
        int compressed = readInt(header, 8);
        if (plain < 0 || plain > MAX_CHUNK || compressed < 0 || compressed > MAX_CHUNK) {
            throw new FlowFileFormatException("Compressed Site-to-Site data: chunk sizes out of bounds (" + plain + ", " + compressed + ")");
        }
        byte[] input = in.readNBytes(compressed);
        if (input.length < compressed) {
            throw new FlowFileFormatException("Compressed Site-to-Site data ended inside a chunk");
        }
        chunk = new byte[plain];
        position = 0;
        inflater.reset();
        inflater.setInput(input);
        try {
            int inflated = 0;
            while (inflated < plain && !inflater.finished()) {
                int n = inflater.inflate(chunk, inflated, plain - inflated);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                inflated += n;
            }
            if (inflated != plain) {
                throw new FlowFileFormatException("Compressed Site-to-Site data: a chunk inflated to " + inflated + " bytes, not " + plain);
            }
        } catch (DataFormatException e) {
            throw new FlowFileFormatException("Compressed Site-to-Site data is corrupt: " + e.getMessage());
        }
        return true;
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    }
}
