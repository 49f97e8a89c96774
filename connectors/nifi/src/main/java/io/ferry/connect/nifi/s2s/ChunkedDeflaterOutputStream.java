package io.ferry.connect.nifi.s2s;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;

/**
 * NiFi's Site-to-Site compression framing, writing side: data is deflated in chunks of up to 64 KiB,
 * each sent as {@code SYNC}, the plain length and the deflated length (4-byte big-endian ints) and
 * the deflated bytes; a {@code 1} byte separates chunks and {@link #close()} writes a final
 * {@code 0}. Closing does not close the underlying stream.
 */
public final class ChunkedDeflaterOutputStream extends OutputStream {

    static final byte[] SYNC = {'S', 'Y', 'N', 'C'};
    static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private final Deflater deflater = new Deflater(1);
    private final byte[] buffer = new byte[CHUNK];
    private final byte[] deflated = new byte[CHUNK + 1024];
    private int used;
    private boolean chunkWritten;
    private boolean closed;

    public ChunkedDeflaterOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        buffer[used++] = (byte) b;
        if (used == buffer.length) {
            writeChunk();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == buffer.length) {
                writeChunk();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        writeChunk();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writeChunk();
        out.write(0);
        out.flush();
        deflater.end();
    }

    private void writeChunk() throws IOException {
        if (used == 0) {
            return;
        }
        deflater.setInput(buffer, 0, used);
        deflater.finish();
        int length = 0;
        while (!deflater.finished()) {
            length += deflater.deflate(deflated, length, deflated.length - length);
        }
        if (chunkWritten) {
            out.write(1);
        }
        out.write(SYNC);
        writeInt(used);
        writeInt(length);
        out.write(deflated, 0, length);
        chunkWritten = true;
        used = 0;
        deflater.reset();
    }

    private void writeInt(int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
