package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segments of one partition log, ordered by base offset, and a snapshot of the log end. Changes are made under
 * the owning {@link FileLog}'s lock; reads take no lock: they work from the {@link End} published after each
 * append, so they never see a batch that is not completely written.
 */
final class LogSegments {

    /** How long a removed segment's files stay open for reads already holding them. */
    static final long FILE_DELETE_DELAY_MS = 60_000L;
    private static final Logger LOG = LoggerFactory.getLogger(LogSegments.class);

    /** The log end offset, the active segment and how many of its bytes hold batches below that offset. */
    record End(long logEndOffset, LogSegment active, int activeSize) {
    }

    private final TopicPartition tp;
    private final File dir;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final DelayedDeletes deletes = new DelayedDeletes();
    private volatile End end;

    LogSegments(TopicPartition tp, File dir, Map<Long, LogSegment> loaded, long logEndOffset) {
        this.tp = tp;
        this.dir = dir;
        this.segments.putAll(loaded);
        LogSegment active = segments.lastEntry().getValue();
        this.end = new End(logEndOffset, active, active.size());
    }

    End end() {
        return end;
    }

    /** Publishes a new log end after an append to (or truncation of) {@code active}. */
    void publishEnd(long logEndOffset, LogSegment active) {
        end = new End(logEndOffset, active, active.size());
    }

    List<LogSegment> list() {
        return new ArrayList<>(segments.values());
    }

    int count() {
        return segments.size();
    }

    long firstBaseOffset() {
        return segments.firstKey();
    }

    LogSegment get(long baseOffset) {
        return segments.get(baseOffset);
    }

    /** The segment holding {@code offset}, or null if it is below the first segment. */
    LogSegment floor(long offset) {
        Map.Entry<Long, LogSegment> e = segments.floorEntry(offset);
        return e == null ? null : e.getValue();
    }

    /** The base offset of the segment after {@code s}, or null for the last one. */
    Long nextBaseOffset(LogSegment s) {
        return segments.higherKey(s.baseOffset());
    }

    long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    /** Segments holding data in {@code [from, to)}. */
    List<LogSegment> overlapping(long from, long to) {
        Long first = segments.floorKey(from);
        return new ArrayList<>((first == null ? segments : segments.tailMap(first, true)).headMap(to, false)
                .values());
    }

    /** Segments whose base offset is above {@code offset}. */
    List<LogSegment> above(long offset) {
        return new ArrayList<>(segments.tailMap(offset, false).values());
    }

    /**
     * Starts a new active segment at {@code baseOffset}; an empty active segment at another offset is replaced.
     * Returns true if the previous active segment held data (and so should be flushed).
     */
    boolean roll(long baseOffset, LogConfig config, long nowMs) throws IOException {
        LogSegment old = end.active();
        boolean hadData = old.size() > 0;
        if (!hadData) {
            if (old.baseOffset() == baseOffset) {
                return false;
            }
            segments.remove(old.baseOffset());
            old.deleteFiles();
        } else {
            old.onBecomeInactive();
        }
        LogSegment segment = LogSegment.create(dir, baseOffset, config, nowMs, "");
        segments.put(baseOffset, segment);
        end = new End(end.logEndOffset(), segment, 0);
        LOG.debug("Rolled a new segment of {} at offset {}", tp, baseOffset);
        return hadData;
    }

    /** Takes a segment out; its files are renamed {@code .deleted} and removed after the delete delay. */
    void remove(LogSegment s, String reason, long nowMs) throws IOException {
        segments.remove(s.baseOffset());
        s.changeSuffix("", LogFiles.DELETED_SUFFIX);
        deletes.add(s, nowMs + FILE_DELETE_DELAY_MS);
        LOG.debug("Deleted segment {} of {}: {}", s.baseOffset(), tp, reason);
    }

    /** Removes every segment and starts an empty one at {@code offset}. */
    void resetTo(long offset, LogConfig config, long nowMs) throws IOException {
        for (LogSegment s : list()) {
            remove(s, "log restarted at offset " + offset, nowMs);
        }
        LogSegment segment = LogSegment.create(dir, offset, config, nowMs, "");
        segments.put(offset, segment);
        end = new End(offset, segment, 0);
    }

    /**
     * Swaps compacted output in for {@code old} so that a crash at any point leaves one of them: the output goes
     * {@code .cleaned -> .swap}, the old files to {@code .deleted}, then the output to its final names.
     */
    void replace(LogSegment old, LogSegment cleaned, long nowMs) throws IOException {
        cleaned.changeSuffix(LogFiles.CLEANED_SUFFIX, LogFiles.SWAP_SUFFIX);
        old.changeSuffix("", LogFiles.DELETED_SUFFIX);
        cleaned.changeSuffix(LogFiles.SWAP_SUFFIX, "");
        segments.put(old.baseOffset(), cleaned);
        deletes.add(old, nowMs + FILE_DELETE_DELAY_MS);
        LogFiles.fsyncDirectory(dir.toPath());
    }

    void deleteDue(long nowMs) {
        deletes.deleteDue(nowMs);
    }

    /**
     * Closes every segment, forcing to disk those that may hold data at or after {@code recoveryPoint}, and deletes
     * removed segments at once.
     */
    void closeAll(long recoveryPoint) throws IOException {
        IOException failure = null;
        for (Map.Entry<Long, LogSegment> e : segments.entrySet()) {
            Long next = segments.higherKey(e.getKey());
            try {
                e.getValue().close(next == null || next > recoveryPoint);
            } catch (IOException ex) {
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        deletes.deleteAll();
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every file without flushing (the log is being deleted). */
    void discardAll() throws IOException {
        for (LogSegment s : segments.values()) {
            s.closeHandlers();
        }
        deletes.deleteAll();
    }

    // ---------------------------------------------------------------- reads

    /** See {@link PartitionLog#read}; the caller has checked the range. */
    Records read(End e, long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch)
            throws IOException {
        long limit = Math.min(maxOffsetExclusive, e.logEndOffset());
        if (startOffset >= limit) {
            return MemoryRecords.EMPTY;
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            entry = segments.firstEntry();
        }
        while (entry != null && entry.getKey() < limit) {
            LogSegment s = entry.getValue();
            Long nextBase = segments.higherKey(s.baseOffset());
            long upper = nextBase == null ? e.logEndOffset() : Math.min(nextBase, e.logEndOffset());
            Records r = s.read(startOffset, maxBytes, limit, upper, sizeLimit(s, e), minOneBatch);
            if (r != null) {
                return r;
            }
            entry = segments.higherEntry(s.baseOffset());
        }
        return MemoryRecords.EMPTY;
    }

    private static int sizeLimit(LogSegment s, End e) {
        return s == e.active() ? e.activeSize() : s.size();
    }

    Iterable<FileChannelRecordBatch> batchesFrom(long startOffset) {
        End e = end;
        return () -> new BatchIterator(startOffset, e);
    }

    Optional<TimestampOffset> offsetForTimestamp(long timestamp, long logStartOffset) throws IOException {
        long leo = end.logEndOffset();
        for (LogSegment s : segments.values()) {
            if (s.maxTimestamp().timestamp() < timestamp) {
                continue;
            }
            FileRecords.TimestampAndOffset found = s.findOffsetByTimestamp(timestamp, logStartOffset);
            if (found != null && found.offset < leo) {
                return Optional.of(new TimestampOffset(found.timestamp, found.offset, found.leaderEpoch.orElse(-1)));
            }
        }
        return Optional.empty();
    }

    Optional<TimestampOffset> maxTimestamp() throws IOException {
        LogSegment best = null;
        for (LogSegment s : segments.values()) {
            long ts = s.maxTimestamp().timestamp();
            if (ts >= 0 && (best == null || ts > best.maxTimestamp().timestamp())) {
                best = s;
            }
        }
        return best == null ? Optional.empty() : Optional.ofNullable(best.maxTimestampRecord());
    }

    /** Batches from the one holding a start offset up to the log end of a snapshot, across segments. */
    private final class BatchIterator implements Iterator<FileChannelRecordBatch> {
        private final long startOffset;
        private final End endState;
        private final Iterator<LogSegment> segmentIterator;
        private Iterator<FileChannelRecordBatch> current;
        private FileChannelRecordBatch next;
        private boolean first = true;

        BatchIterator(long startOffset, End endState) {
            this.startOffset = startOffset;
            this.endState = endState;
            Long floor = segments.floorKey(startOffset);
            this.segmentIterator = (floor == null ? segments : segments.tailMap(floor, true)).values().iterator();
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (current != null && current.hasNext()) {
                    FileChannelRecordBatch b = current.next();
                    if (b.baseOffset() >= endState.logEndOffset()) {
                        return false;
                    }
                    next = b;
                } else if (!advanceSegment()) {
                    return false;
                }
            }
            return true;
        }

        private boolean advanceSegment() {
            if (!segmentIterator.hasNext()) {
                return false;
            }
            LogSegment s = segmentIterator.next();
            if (s.baseOffset() >= endState.logEndOffset()) {
                return false;
            }
            FileRecords bounded = s.records().slice(0, sizeLimit(s, endState));
            int position = 0;
            if (first) {
                first = false;
                try {
                    LogOffsetPosition p = s.translateOffset(bounded, startOffset);
                    position = p == null ? bounded.sizeInBytes() : p.position;
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            current = bounded.batchesFrom(position).iterator();
            return true;
        }

        @Override
        public FileChannelRecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            FileChannelRecordBatch b = next;
            next = null;
            return b;
        }
    }
}
