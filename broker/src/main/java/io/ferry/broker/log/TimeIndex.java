package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The sparse time index of a segment: entries of (timestamp as a long, offset relative to the segment base as an
 * int). An entry (T, O) means the batch starting at offset O is the first in the segment whose max timestamp
 * reaches T, and nothing before the point where the entry was written has a larger timestamp. Timestamps and offsets
 * both strictly increase.
 */
final class TimeIndex extends IndexFile {

    static final int ENTRY_SIZE = 12;

    record Entry(long timestamp, long offset) {
    }

    private volatile Entry last;

    TimeIndex(File file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes);
        this.last = entries() > 0 ? entry(entries() - 1) : null;
    }

    /** Appends (timestamp, offset) if the timestamp is larger than the last entry's; returns whether it did. */
    boolean maybeAppend(long timestamp, long offset) throws IOException {
        Entry l = last;
        if (timestamp < 0 || (l != null && (timestamp <= l.timestamp || offset <= l.offset))) {
            return false;
        }
        write(ByteBuffer.allocate(ENTRY_SIZE).putLong(timestamp).putInt(relativeOffset(offset)).flip());
        last = new Entry(timestamp, offset);
        return true;
    }

    Entry entry(int n) throws IOException {
        ByteBuffer b = read(n);
        return new Entry(b.getLong(), baseOffset + b.getInt());
    }

    Entry lastEntry() {
        return last;
    }

    /** The offset to start a search for {@code timestamp} from: the last entry at or below it, else the base. */
    long lookup(long timestamp) throws IOException {
        Entry l = last;
        if (l == null) {
            return baseOffset;
        }
        if (timestamp >= l.timestamp) {
            return l.offset;
        }
        try {
            int n = floor(timestamp, entries());
            return n < 0 ? baseOffset : entry(n).offset;
        } catch (java.io.EOFException e) {
            return baseOffset;
        }
    }

    /** Removes every entry whose offset is at or after {@code offset}. */
    void truncateToOffset(long offset) throws IOException {
        int keep = 0;
        int lo = 0;
        int hi = entries() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (entry(mid).offset < offset) {
                keep = mid + 1;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        truncateToEntries(keep);
        last = keep > 0 ? entry(keep - 1) : null;
    }

    void reset() throws IOException {
        truncateToEntries(0);
        last = null;
    }

    String sanityCheck(int logSize) throws IOException {
        if (hadPartialEntry()) {
            return "time index ends in a partial entry";
        }
        Entry l = last;
        if (l == null) {
            return null;
        }
        if (logSize == 0 || l.offset < baseOffset) {
            return "time index entry (" + l.timestamp + ", " + l.offset + ") lies outside the segment";
        }
        if (entries() > 1) {
            Entry prev = entry(entries() - 2);
            if (prev.timestamp >= l.timestamp || prev.offset >= l.offset) {
                return "time index entries are out of order";
            }
        }
        return null;
    }

    @Override
    protected long keyAt(int n) throws IOException {
        return read(n).getLong();
    }
}
