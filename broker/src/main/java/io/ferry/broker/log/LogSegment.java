package io.ferry.broker.log;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.function.Consumer;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;

/**
 * One segment of a partition log: a file of record batches named by the offset of its first batch, with its sparse
 * offset and time indexes. Appends, truncation and recovery are serialised by {@link FileLog}; reads may run
 * concurrently and are bounded by the caller to data that was completely written.
 */
final class LogSegment implements Closeable {

    /** The largest timestamp in the segment and the base offset of the first batch that carries it. */
    record TimestampMark(long timestamp, long offset) {
    }

    /** What recovery kept: the next offset after the last valid batch, and why the rest was cut (or null). */
    record RecoveryResult(long nextOffset, int truncatedBytes, String reason) {
    }

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final String indexProblem;
    private volatile TimestampMark maxTimestamp;
    private int bytesSinceLastIndexEntry;
    private long rollBaseTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean rollBaseLoaded;
    private long createdMs;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       int indexIntervalBytes, String indexProblem, long nowMs) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.indexProblem = indexProblem;
        this.createdMs = nowMs;
        TimeIndex.Entry t = timeIndex.lastEntry();
        this.maxTimestamp = t == null ? new TimestampMark(RecordBatch.NO_TIMESTAMP, baseOffset)
                : new TimestampMark(t.timestamp(), t.offset());
    }

    /** Creates an empty segment; {@code suffix} is appended to every file name ("" for a live segment). */
    static LogSegment create(File dir, long baseOffset, LogConfig config, long nowMs, String suffix)
            throws IOException {
        File logFile = withSuffix(LogFiles.logFile(dir, baseOffset), suffix);
        File indexFile = withSuffix(LogFiles.offsetIndexFile(dir, baseOffset), suffix);
        File timeFile = withSuffix(LogFiles.timeIndexFile(dir, baseOffset), suffix);
        for (File f : new File[] {logFile, indexFile, timeFile}) {
            Files.deleteIfExists(f.toPath());
        }
        FileRecords records = FileRecords.open(logFile, true, false, 0, false);
        return new LogSegment(baseOffset, records, new OffsetIndex(indexFile, baseOffset, config.segmentIndexBytes()),
                new TimeIndex(timeFile, baseOffset, config.segmentIndexBytes()), config.indexIntervalBytes(), null,
                nowMs);
    }

    /** Opens an existing segment; a missing or implausible index is noted in {@link #indexProblem()}. */
    static LogSegment open(File dir, long baseOffset, LogConfig config, long nowMs) throws IOException {
        File indexFile = LogFiles.offsetIndexFile(dir, baseOffset);
        File timeFile = LogFiles.timeIndexFile(dir, baseOffset);
        boolean indexesExisted = indexFile.exists() && timeFile.exists();
        FileRecords records = FileRecords.open(LogFiles.logFile(dir, baseOffset), true, true, 0, false);
        OffsetIndex offsets = new OffsetIndex(indexFile, baseOffset, config.segmentIndexBytes());
        TimeIndex times = new TimeIndex(timeFile, baseOffset, config.segmentIndexBytes());
        String problem = !indexesExisted ? "index file missing" : offsets.sanityCheck(records.sizeInBytes());
        if (problem == null) {
            problem = times.sanityCheck(records.sizeInBytes());
        }
        return new LogSegment(baseOffset, records, offsets, times, config.indexIntervalBytes(), problem, nowMs);
    }

    long baseOffset() {
        return baseOffset;
    }

    FileRecords records() {
        return log;
    }

    int size() {
        return log.sizeInBytes();
    }

    /** Why the indexes found at open cannot be trusted, or null. */
    String indexProblem() {
        return indexProblem;
    }

    TimestampMark maxTimestamp() {
        return maxTimestamp;
    }

    /** The largest record timestamp, or the file's modification time when no batch has a timestamp. */
    long largestTimestamp() {
        long ts = maxTimestamp.timestamp();
        return ts >= 0 ? ts : log.file().lastModified();
    }

    boolean indexFull() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    boolean canHoldOffset(long offset) {
        long rel = offset - baseOffset;
        return rel >= 0 && rel <= Integer.MAX_VALUE;
    }

    /**
     * How long the segment has been open for time-based rolling: the span between the first batch's timestamp and
     * the incoming one when both are known, else the wall-clock age of the segment.
     */
    long timeWaitedForRoll(long nowMs, long incomingMaxTimestamp) {
        if (!rollBaseLoaded) {
            rollBaseLoaded = true;
            Iterator<FileChannelRecordBatch> it = log.batches().iterator();
            if (it.hasNext()) {
                rollBaseTimestamp = it.next().maxTimestamp();
            }
        }
        if (rollBaseTimestamp >= 0 && incomingMaxTimestamp >= 0) {
            return incomingMaxTimestamp - rollBaseTimestamp;
        }
        return nowMs - createdMs;
    }

    /** Appends batches that already carry their final offsets, indexing them. */
    void append(MemoryRecords records) throws IOException {
        int position = log.sizeInBytes();
        log.append(records);
        for (RecordBatch batch : records.batches()) {
            indexBatch(batch, position);
            position += batch.sizeInBytes();
        }
    }

    private void indexBatch(RecordBatch batch, int position) throws IOException {
        long ts = batch.maxTimestamp();
        if (ts > maxTimestamp.timestamp()) {
            maxTimestamp = new TimestampMark(ts, batch.baseOffset());
        }
        if (position == 0) {
            rollBaseTimestamp = ts;
            rollBaseLoaded = true;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !indexFull()) {
            offsetIndex.append(batch.baseOffset(), position);
            TimestampMark m = maxTimestamp;
            timeIndex.maybeAppend(m.timestamp(), m.offset());
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /** The batch holding {@code offset}, or the first batch after it, within {@code bounded}; null if none. */
    LogOffsetPosition translateOffset(FileRecords bounded, long offset) throws IOException {
        int position = offsetIndex.lookup(offset).position();
        if (position >= bounded.sizeInBytes()) {
            position = 0;
        }
        return bounded.searchForOffsetFromPosition(offset, position);
    }

    /**
     * Whole batches from the one holding {@code startOffset}: within the first {@code sizeLimit} bytes of the file,
     * before the batch holding {@code limitOffset} (checked only when {@code limitOffset < segmentUpperOffset}),
     * and within {@code maxBytes} unless {@code minOneBatch} lets one larger batch through. Returns null when no
     * batch at or after startOffset lies in this segment's readable part, so the caller moves on to the next one.
     */
    Records read(long startOffset, int maxBytes, long limitOffset, long segmentUpperOffset, int sizeLimit,
                 boolean minOneBatch) throws IOException {
        FileRecords bounded = log.slice(0, sizeLimit);
        LogOffsetPosition start = translateOffset(bounded, startOffset);
        if (start == null) {
            return null;
        }
        int endLimit = bounded.sizeInBytes();
        if (limitOffset < segmentUpperOffset) {
            LogOffsetPosition limit = translateOffset(bounded, limitOffset);
            if (limit != null) {
                endLimit = limit.position;
            }
        }
        if (start.position >= endLimit) {
            return MemoryRecords.EMPTY;
        }
        int maxEnd = (int) Math.min(endLimit, (long) start.position + Math.max(0, maxBytes));
        int end = lastBoundary(bounded, start.position, maxEnd);
        if (end == start.position) {
            if (!minOneBatch || start.position + start.size > endLimit) {
                return MemoryRecords.EMPTY;
            }
            end = start.position + start.size;
        }
        return bounded.slice(start.position, end - start.position);
    }

    /** The end of the last whole batch that starts at or after {@code from} and ends at or before {@code maxEnd}. */
    private int lastBoundary(FileRecords bounded, int from, int maxEnd) throws IOException {
        int scanFrom = Math.max(from, offsetIndex.floorByPosition(maxEnd).position());
        int boundary = scanFrom;
        for (FileChannelRecordBatch batch : bounded.batchesFrom(scanFrom)) {
            int next = batch.position() + batch.sizeInBytes();
            if (next > maxEnd) {
                break;
            }
            boundary = next;
        }
        return boundary;
    }

    /** The first record at or after {@code startingOffset} with a timestamp at or after {@code timestamp}. */
    FileRecords.TimestampAndOffset findOffsetByTimestamp(long timestamp, long startingOffset) throws IOException {
        long indexed = timeIndex.lookup(timestamp);
        LogOffsetPosition batch = translateOffset(log, Math.max(indexed, baseOffset));
        if (batch == null) {
            return null;
        }
        return log.searchForTimestamp(timestamp, batch.position, startingOffset);
    }

    /** The first record carrying this segment's largest timestamp, or null if no batch has a timestamp. */
    TimestampOffset maxTimestampRecord() throws IOException {
        TimestampMark mark = maxTimestamp;
        if (mark.timestamp() < 0) {
            return null;
        }
        LogOffsetPosition pos = translateOffset(log, mark.offset());
        if (pos == null) {
            return null;
        }
        for (FileChannelRecordBatch batch : log.batchesFrom(pos.position)) {
            for (Record record : batch) {
                if (record.timestamp() == mark.timestamp()) {
                    return new TimestampOffset(mark.timestamp(), record.offset(), batch.partitionLeaderEpoch());
                }
            }
            return new TimestampOffset(mark.timestamp(), batch.baseOffset(), batch.partitionLeaderEpoch());
        }
        return null;
    }

    /**
     * Re-reads every batch, rebuilding both indexes; with {@code verifyCrc} each batch's checksum is checked too.
     * Cuts the file at the first batch that is torn, corrupt or out of order.
     */
    RecoveryResult recover(boolean verifyCrc, Consumer<RecordBatch> onValidBatch) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestamp = new TimestampMark(RecordBatch.NO_TIMESTAMP, baseOffset);
        bytesSinceLastIndexEntry = 0;
        rollBaseLoaded = false;
        int valid = 0;
        long next = baseOffset;
        String reason = null;
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                reason = problemWith(batch, next, verifyCrc);
                if (reason != null) {
                    break;
                }
                indexBatch(batch, valid);
                valid += batch.sizeInBytes();
                next = batch.nextOffset();
                onValidBatch.accept(batch);
            }
        } catch (CorruptRecordException e) {
            reason = e.getMessage();
        }
        int size = log.sizeInBytes();
        if (reason == null && valid < size) {
            reason = "torn write: the last " + (size - valid) + " bytes are not a whole batch";
        }
        int truncated = valid < size ? log.truncateTo(valid) : 0;
        onBecomeInactive();
        return new RecoveryResult(next, truncated, reason);
    }

    private String problemWith(FileChannelRecordBatch batch, long expectedMinOffset, boolean verifyCrc) {
        int position = batch.position();
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return "batch at position " + position + " has unsupported magic " + batch.magic();
        }
        if (batch.sizeInBytes() < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            return "batch at position " + position + " is smaller than a batch header";
        }
        if (verifyCrc) {
            batch.ensureValid();
        }
        if (batch.baseOffset() < expectedMinOffset) {
            return "batch at position " + position + " has offset " + batch.baseOffset()
                    + ", expected at least " + expectedMinOffset;
        }
        long last = batch.lastOffset();
        if (last < batch.baseOffset() || !canHoldOffset(last)) {
            return "batch at position " + position + " has an invalid offset range [" + batch.baseOffset() + ", "
                    + last + "]";
        }
        return null;
    }

    /**
     * Loads the in-memory state of a segment whose indexes are trusted by scanning only past its last index entry.
     * Returns the next offset, or -1 if the tail is not a whole number of sound batches (the caller recovers).
     */
    long loadTail() throws IOException {
        OffsetIndex.Entry from = offsetIndex.lookup(Long.MAX_VALUE);
        long next = baseOffset;
        int end = from.position();
        int scanned = 0;
        TimestampMark mark = maxTimestamp;
        try {
            for (FileChannelRecordBatch batch : log.batchesFrom(from.position())) {
                if (problemWith(batch, Math.max(next, from.offset()), false) != null) {
                    return -1;
                }
                if (batch.maxTimestamp() > mark.timestamp()) {
                    mark = new TimestampMark(batch.maxTimestamp(), batch.baseOffset());
                }
                next = batch.nextOffset();
                end = batch.position() + batch.sizeInBytes();
                scanned += batch.sizeInBytes();
            }
        } catch (CorruptRecordException e) {
            return -1;
        }
        if (end != log.sizeInBytes()) {
            return -1;
        }
        maxTimestamp = mark;
        bytesSinceLastIndexEntry = scanned;
        return next;
    }

    /**
     * Removes the batch holding {@code offset} and everything after it. Returns the log end offset this leaves:
     * {@code offset}, or the removed batch's base offset when {@code offset} fell inside it.
     */
    long truncateTo(long offset, long nowMs) throws IOException {
        LogOffsetPosition cut = translateOffset(log, offset);
        if (cut == null) {
            return offset;
        }
        offsetIndex.truncateToOffset(cut.offset);
        timeIndex.truncateToOffset(cut.offset);
        log.truncateTo(cut.position);
        TimeIndex.Entry t = timeIndex.lastEntry();
        maxTimestamp = t == null ? new TimestampMark(RecordBatch.NO_TIMESTAMP, baseOffset)
                : new TimestampMark(t.timestamp(), t.offset());
        loadTail();
        rollBaseLoaded = false;
        if (log.sizeInBytes() == 0) {
            createdMs = nowMs;
        }
        return Math.min(offset, cut.offset);
    }

    /** Records the segment's final max timestamp in the time index, so a later open needs no scan. */
    void onBecomeInactive() throws IOException {
        TimestampMark m = maxTimestamp;
        timeIndex.maybeAppend(m.timestamp(), m.offset());
    }

    void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Clean close: final time index entry, everything forced to disk. */
    @Override
    public void close() throws IOException {
        close(true);
    }

    /**
     * Clean close; {@code force} may be false for a segment whose data and indexes were already forced to disk
     * (one wholly below the recovery point), which saves three fsyncs.
     */
    void close(boolean force) throws IOException {
        onBecomeInactive();
        if (force) {
            offsetIndex.close();
            timeIndex.close();
            log.close();
        } else {
            closeHandlers();
        }
    }

    /** Closes the files without flushing (the segment is being thrown away). */
    void closeHandlers() throws IOException {
        offsetIndex.closeHandler();
        timeIndex.closeHandler();
        log.closeHandlers();
    }

    /** Renames every file from {@code <name><from>} to {@code <name><to>}; the log file goes last. */
    void changeSuffix(String from, String to) throws IOException {
        offsetIndex.renameTo(swapSuffix(offsetIndex.file(), from, to));
        timeIndex.renameTo(swapSuffix(timeIndex.file(), from, to));
        log.renameTo(swapSuffix(log.file(), from, to));
    }

    void deleteFiles() throws IOException {
        closeHandlers();
        Files.deleteIfExists(offsetIndex.file().toPath());
        Files.deleteIfExists(timeIndex.file().toPath());
        Files.deleteIfExists(log.file().toPath());
    }

    private static File swapSuffix(File f, String from, String to) {
        String name = f.getName();
        if (!name.endsWith(from)) {
            throw new IllegalStateException(f + " does not end with " + from);
        }
        return new File(f.getParentFile(), name.substring(0, name.length() - from.length()) + to);
    }

    private static File withSuffix(File f, String suffix) {
        return suffix.isEmpty() ? f : new File(f.getParentFile(), f.getName() + suffix);
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", size=" + log.sizeInBytes() + ")";
    }
}
