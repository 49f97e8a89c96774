package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The sparse offset index of a segment: entries of (offset relative to the segment base as an int, file position
 * as an int), each naming the start of a batch by its base offset. Offsets and positions both increase.
 */
final class OffsetIndex extends IndexFile {

    static final int ENTRY_SIZE = 8;

    /** An absolute offset and the file position of the batch starting there. */
    record Entry(long offset, int position) {
    }

    private final Entry start;
    private volatile Entry last;

    OffsetIndex(File file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes);
        this.start = new Entry(baseOffset, 0);
        this.last = entries() > 0 ? entry(entries() - 1) : null;
    }

    void append(long offset, int position) throws IOException {
        Entry l = last;
        if (l != null && (offset <= l.offset || position <= l.position)) {
            throw new IllegalArgumentException("Index entry (" + offset + ", " + position + ") does not follow ("
                    + l.offset + ", " + l.position + ") in " + file());
        }
        write(ByteBuffer.allocate(ENTRY_SIZE).putInt(relativeOffset(offset)).putInt(position).flip());
        last = new Entry(offset, position);
    }

    Entry entry(int n) throws IOException {
        ByteBuffer b = read(n);
        return new Entry(baseOffset + b.getInt(), b.getInt());
    }

    /** The last entry, or null if there are none. */
    Entry lastEntry() {
        return last;
    }

    /** The entry with the largest offset at or below {@code target}; the segment start if there is none. */
    Entry lookup(long target) throws IOException {
        Entry l = last;
        if (l == null || target < baseOffset) {
            return start;
        }
        if (target >= l.offset) {
            return l;
        }
        try {
            int n = floor(target, entries());
            return n < 0 ? start : entry(n);
        } catch (java.io.EOFException e) {
            return start; // truncated under a concurrent reader: the segment start is always a safe place to scan from
        }
    }

    /** The entry with the largest position at or below {@code position}; the segment start if there is none. */
    Entry floorByPosition(int position) throws IOException {
        Entry l = last;
        if (l == null) {
            return start;
        }
        if (position >= l.position) {
            return l;
        }
        int lo = 0;
        int hi = entries() - 1;
        Entry found = start;
        try {
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Entry e = entry(mid);
                if (e.position <= position) {
                    found = e;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
        } catch (java.io.EOFException e) {
            return start;
        }
        return found;
    }

    /** Removes every entry at or after {@code offset}. */
    void truncateToOffset(long offset) throws IOException {
        int keep = offset <= baseOffset ? 0 : floor(offset - 1, entries()) + 1;
        truncateToEntries(keep);
        last = keep > 0 ? entry(keep - 1) : null;
    }

    void reset() throws IOException {
        truncateToEntries(0);
        last = null;
    }

    /** Why this index cannot be trusted for a segment of {@code logSize} bytes, or null if it looks sound. */
    String sanityCheck(int logSize) throws IOException {
        if (hadPartialEntry()) {
            return "offset index ends in a partial entry";
        }
        Entry l = last;
        if (l == null) {
            return null;
        }
        if (l.offset < baseOffset || l.position >= logSize) {
            return "offset index entry (" + l.offset + ", " + l.position + ") lies outside the segment of "
                    + logSize + " bytes";
        }
        if (entries() > 1) {
            Entry prev = entry(entries() - 2);
            if (prev.offset >= l.offset || prev.position >= l.position) {
                return "offset index entries are out of order";
            }
        }
        return null;
    }

    @Override
    protected long keyAt(int n) throws IOException {
        return baseOffset + read(n).getInt();
    }
}
