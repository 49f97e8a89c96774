package io.ferry.broker.log;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * A file of fixed-width entries sorted by a key, read with positional reads (no memory mapping, so nothing to unmap
 * before a rename or delete). Appends and truncation are serialised by the owning log; lookups may run concurrently
 * and see a prefix of the entries.
 */
abstract class IndexFile implements Closeable {

    protected final long baseOffset;
    private final int entrySize;
    private final int maxEntries;
    private final FileChannel channel;
    private final boolean partialEntry;
    private volatile File file;
    private volatile int entries;

    IndexFile(File file, long baseOffset, int entrySize, int maxIndexBytes) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxEntries = Math.max(1, maxIndexBytes / entrySize);
        this.channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long size = channel.size();
        this.partialEntry = size % entrySize != 0;
        this.entries = (int) Math.min(Integer.MAX_VALUE, size / entrySize);
    }

    File file() {
        return file;
    }

    int entries() {
        return entries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    /** Whether the file ended in a partial entry when it was opened (a torn write). */
    boolean hadPartialEntry() {
        return partialEntry;
    }

    /** Reads entry {@code n}; the buffer is positioned at its start. */
    protected ByteBuffer read(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(entrySize);
        long pos = (long) n * entrySize;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, pos + buf.position());
            if (r < 0) {
                throw new EOFException("Index " + file + " has no entry " + n);
            }
        }
        return buf.flip();
    }

    protected void write(ByteBuffer entry) throws IOException {
        long pos = (long) entries * entrySize;
        while (entry.hasRemaining()) {
            pos += channel.write(entry, pos);
        }
        entries++;
    }

    /** The key of entry {@code n} for {@link #floor}. */
    protected abstract long keyAt(int n) throws IOException;

    /** The index of the last entry whose key is at most {@code target} among the first {@code count}, or -1. */
    protected int floor(long target, int count) throws IOException {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt(mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected void truncateToEntries(int n) throws IOException {
        if (n < entries || channel.size() > (long) n * entrySize) {
            channel.truncate((long) n * entrySize);
        }
        entries = n;
    }

    void flush() throws IOException {
        channel.force(true);
    }

    void renameTo(File target) throws IOException {
        LogFiles.moveAtomically(file.toPath(), target.toPath());
        file = target;
    }

    /** Flushes and closes, dropping any partial trailing entry. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            truncateToEntries(entries);
            channel.force(true);
            channel.close();
        }
    }

    void closeHandler() throws IOException {
        channel.close();
    }

    void deleteIfExists() throws IOException {
        closeHandler();
        Files.deleteIfExists(file.toPath());
    }

    protected int relativeOffset(long offset) {
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " is outside the range of the segment with base "
                    + baseOffset);
        }
        return (int) rel;
    }
}
