package io.ferry.connect.file.sink;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array that encoded records are appended to before one write reaches the file. */
public final class ByteSink {

    private byte[] bytes;
    private int size;

    public ByteSink(int capacity) {
        this.bytes = new byte[capacity];
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    public void write(ByteBuffer buffer) {
        ByteBuffer source = buffer.duplicate();
        int length = source.remaining();
        ensure(length);
        source.get(bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public int size() {
        return size;
    }

    /** The bytes written so far, as a buffer to hand to a channel. */
    public ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    public void clear() {
        size = 0;
    }
}
