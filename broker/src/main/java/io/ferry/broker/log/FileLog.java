package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PartitionLog} kept as segment files in one partition directory. Appends, rolls, truncation and segment
 * replacement take one lock; reads take none: they work from an immutable snapshot of the log end (offset, active
 * segment and its size) published after each append, so they never see a partly written batch.
 */
public final class FileLog implements PartitionLog {

    /** How long a removed segment's files stay open for reads already holding them. */
    static final long FILE_DELETE_DELAY_MS = 60_000L;
    private static final Logger LOG = LoggerFactory.getLogger(FileLog.class);

    private record EndState(long logEndOffset, LogSegment active, int activeSize) {
    }

    /** What compaction works from, taken under the lock. */
    record CompactionView(List<LogSegment> segments, long highWatermark, long logStartOffset, long cleanerOffset,
                          long truncations) {
    }

    private final TopicPartition tp;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock maintenance = new ReentrantLock();
    private final Object checkpointLock = new Object();
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final LeaderEpochCache epochs;
    private final DelayedDeletes deletes = new DelayedDeletes();
    private volatile File dir;
    private volatile LogConfig config;
    private volatile EndState end;
    private volatile long logStartOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private volatile long cleanerOffset;
    private volatile long tombstoneDeadline = Long.MAX_VALUE;
    private volatile long rollFlushOffset = -1;
    private volatile long lastFlushMs;
    private long truncations;
    private PartitionCheckpoint lastCheckpoint;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean deleted;
    private volatile boolean failed;

    private FileLog(File dir, TopicPartition tp, LogConfig config, Time time, LogLoader.Loaded loaded) {
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.time = time;
        this.epochs = loaded.epochs();
        this.segments.putAll(loaded.segments());
        LogSegment active = segments.lastEntry().getValue();
        this.end = new EndState(loaded.logEndOffset(), active, active.size());
        this.logStartOffset = loaded.logStartOffset();
        this.highWatermark = loaded.highWatermark();
        this.recoveryPoint = loaded.recoveryPoint();
        this.cleanerOffset = loaded.cleanerOffset();
        this.lastFlushMs = time.milliseconds();
        this.lastCheckpoint = loaded.checkpointOnDisk();
    }

    /**
     * Opens (or creates) the log in {@code dir}. After an unclean shutdown ({@code cleanShutdown == false}) every
     * batch after the last recovery point is validated and a torn or corrupt tail is cut off.
     */
    public static FileLog open(Path dir, TopicPartition tp, LogConfig config, Time time, boolean cleanShutdown)
            throws IOException {
        LogLoader.Loaded loaded = LogLoader.load(dir.toFile(), tp, config, time.milliseconds(), cleanShutdown);
        return new FileLog(dir.toFile(), tp, config, time, loaded);
    }

    /** The directory of a partition's log under a log directory: {@code <logDir>/<topic>-<partition>}. */
    public static Path partitionDir(Path logDir, TopicPartition tp) {
        return logDir.resolve(tp.topic() + "-" + tp.partition());
    }

    @Override
    public TopicPartition topicPartition() {
        return tp;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    @Override
    public void updateConfig(LogConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    Path dir() {
        return dir.toPath();
    }

    Time time() {
        return time;
    }

    // ---------------------------------------------------------------- appends

    @Override
    public AppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) throws IOException {
        LogConfig cfg = config;
        BatchValidator.Summary summary = BatchValidator.validateForLeader(records, cfg, tp);
        AppendResult result;
        lock.lock();
        try {
            ensureWritable();
            if (leaderEpoch < epochs.latestEpoch()) {
                throw new FencedLeaderEpochException("Leader epoch " + leaderEpoch + " is older than epoch "
                        + epochs.latestEpoch() + " already in the log of " + tp);
            }
            long now = time.milliseconds();
            long first = end.logEndOffset();
            long next = first;
            long maxTimestamp = summary.maxTimestamp();
            for (MutableRecordBatch batch : records.batches()) {
                long count = batch.lastOffset() - batch.baseOffset() + 1;
                batch.setLastOffset(next + count - 1);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (cfg.logAppendTime()) {
                    batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
                    maxTimestamp = now;
                }
                next += count;
            }
            epochs.assign(leaderEpoch, first);
            appendLocked(records, first, next - 1, maxTimestamp, now);
            result = new AppendResult(first, next - 1, cfg.logAppendTime() ? now : RecordBatch.NO_TIMESTAMP,
                    logStartOffset, (int) summary.records(), records.sizeInBytes());
        } finally {
            lock.unlock();
        }
        maybeFlushForMessages(cfg);
        return result;
    }

    @Override
    public AppendResult appendAsFollower(MemoryRecords records) throws IOException {
        MemoryRecords valid = BatchValidator.validateForFollower(records, tp);
        LogConfig cfg = config;
        AppendResult result;
        lock.lock();
        try {
            ensureWritable();
            long leo = end.logEndOffset();
            if (valid.sizeInBytes() == 0) {
                return new AppendResult(leo, leo - 1, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, 0);
            }
            BatchValidator.Summary summary = BatchValidator.summarize(valid);
            long first = valid.firstBatch().baseOffset();
            if (first < leo) {
                throw new org.apache.kafka.common.InvalidRecordException("Replicated batches for " + tp
                        + " start at offset " + first + ", below the log end offset " + leo);
            }
            long last = first;
            for (RecordBatch batch : valid.batches()) {
                epochs.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                last = batch.lastOffset();
            }
            appendLocked(valid, first, last, summary.maxTimestamp(), time.milliseconds());
            result = new AppendResult(first, last, RecordBatch.NO_TIMESTAMP, logStartOffset,
                    (int) summary.records(), valid.sizeInBytes());
        } finally {
            lock.unlock();
        }
        maybeFlushForMessages(cfg);
        return result;
    }

    private void appendLocked(MemoryRecords records, long firstOffset, long lastOffset, long maxTimestamp, long now)
            throws IOException {
        LogSegment segment = maybeRoll(records.sizeInBytes(), firstOffset, lastOffset, maxTimestamp, now);
        try {
            segment.append(records);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        end = new EndState(lastOffset + 1, segment, segment.size());
    }

    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset, long maxTimestamp, long now)
            throws IOException {
        LogConfig cfg = config;
        LogSegment active = end.active();
        boolean roll = !active.canHoldOffset(firstOffset) || !active.canHoldOffset(lastOffset);
        if (!roll && active.size() > 0) {
            roll = (long) active.size() + size > cfg.segmentBytes()
                    || active.timeWaitedForRoll(now, maxTimestamp) > cfg.segmentMs()
                    || active.indexFull();
        }
        return roll ? roll(firstOffset, now) : active;
    }

    /** Starts a new active segment at {@code baseOffset}. */
    private LogSegment roll(long baseOffset, long now) throws IOException {
        LogSegment old = end.active();
        if (old.size() == 0) {
            if (old.baseOffset() == baseOffset) {
                return old;
            }
            segments.remove(old.baseOffset());
            old.deleteFiles();
        } else {
            old.onBecomeInactive();
            rollFlushOffset = baseOffset;
        }
        LogSegment segment = LogSegment.create(dir, baseOffset, config, now, "");
        segments.put(baseOffset, segment);
        end = new EndState(end.logEndOffset(), segment, 0);
        LOG.debug("Rolled a new segment of {} at offset {}", tp, baseOffset);
        return segment;
    }

    private void maybeFlushForMessages(LogConfig cfg) throws IOException {
        long leo = end.logEndOffset();
        if (leo - recoveryPoint >= cfg.flushIntervalMessages()) {
            flushUpTo(leo);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch)
            throws IOException {
        EndState e = end;
        long logStart = logStartOffset;
        long hw = highWatermark;
        if (startOffset < logStart || startOffset > e.logEndOffset()) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " is out of range for " + tp
                    + ": the log holds [" + logStart + ", " + e.logEndOffset() + ")");
        }
        long limit = Math.min(maxOffsetExclusive, e.logEndOffset());
        Records records = MemoryRecords.EMPTY;
        if (startOffset < limit) {
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
                    records = r;
                    break;
                }
                entry = segments.higherEntry(s.baseOffset());
            }
        }
        return new ReadResult(records, logStart, e.logEndOffset(), hw);
    }

    private static int sizeLimit(LogSegment s, EndState e) {
        return s == e.active() ? e.activeSize() : s.size();
    }

    @Override
    public Iterable<FileChannelRecordBatch> batchesFrom(long startOffset) {
        return () -> new BatchIterator(startOffset, end);
    }

    /** Batches from the one holding a start offset up to the log end of a snapshot, across segments. */
    private final class BatchIterator implements Iterator<FileChannelRecordBatch> {
        private final long startOffset;
        private final EndState endState;
        private final Iterator<LogSegment> segmentIterator;
        private Iterator<FileChannelRecordBatch> current;
        private FileChannelRecordBatch next;
        private boolean first = true;

        BatchIterator(long startOffset, EndState endState) {
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

    @Override
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) throws IOException {
        long logStart = logStartOffset;
        long leo = end.logEndOffset();
        for (LogSegment s : segments.values()) {
            if (s.maxTimestamp().timestamp() < timestamp) {
                continue;
            }
            FileRecords.TimestampAndOffset found = s.findOffsetByTimestamp(timestamp, logStart);
            if (found != null && found.offset < leo) {
                return Optional.of(new TimestampOffset(found.timestamp, found.offset, found.leaderEpoch.orElse(-1)));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<TimestampOffset> maxTimestamp() throws IOException {
        LogSegment best = null;
        for (LogSegment s : segments.values()) {
            if (s.maxTimestamp().timestamp() >= 0
                    && (best == null || s.maxTimestamp().timestamp() > best.maxTimestamp().timestamp())) {
                best = s;
            }
        }
        return best == null ? Optional.empty() : Optional.ofNullable(best.maxTimestampRecord());
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return end.logEndOffset();
    }

    @Override
    public long highWatermark() {
        return highWatermark;
    }

    @Override
    public void updateHighWatermark(long hw) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset, Math.min(hw, end.logEndOffset()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    /** The number of segments (tests, metrics). */
    int segmentCount() {
        return segments.size();
    }

    // ---------------------------------------------------------------- epochs

    @Override
    public int latestEpoch() {
        return epochs.latestEpoch();
    }

    @Override
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return epochs.endOffsetFor(leaderEpoch, end.logEndOffset());
    }

    @Override
    public void assignEpochStartOffset(int leaderEpoch, long startOffset) throws IOException {
        lock.lock();
        try {
            ensureWritable();
            epochs.assign(leaderEpoch, startOffset);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- log start, truncation, retention

    @Override
    public long advanceLogStartOffset(long newLogStartOffset) throws IOException {
        long result;
        maintenance.lock();
        try {
            lock.lock();
            try {
                ensureWritable();
                if (newLogStartOffset > highWatermark) {
                    throw new OffsetOutOfRangeException("Cannot move the log start offset of " + tp + " to "
                            + newLogStartOffset + ", beyond the high watermark " + highWatermark);
                }
                if (newLogStartOffset <= logStartOffset) {
                    return logStartOffset;
                }
                logStartOffset = newLogStartOffset;
                long now = time.milliseconds();
                List<LogSegment> segs = new ArrayList<>(segments.values());
                List<String> reasons = RetentionPolicy.deletable(segs, end.logEndOffset(), highWatermark,
                        newLogStartOffset, config, now, false);
                if (!reasons.isEmpty() && reasons.size() == segs.size()) {
                    roll(end.logEndOffset(), now);
                }
                for (int i = 0; i < reasons.size(); i++) {
                    removeSegment(segs.get(i), reasons.get(i), now);
                }
                afterStartMoved();
                result = logStartOffset;
            } finally {
                lock.unlock();
            }
        } finally {
            maintenance.unlock();
        }
        writeCheckpoint(false);
        return result;
    }

    @Override
    public int enforceRetention(long nowMs) throws IOException {
        maintenance.lock();
        try {
            deletes.deleteDue(nowMs);
            lock.lock();
            try {
                ensureWritable();
                List<LogSegment> segs = new ArrayList<>(segments.values());
                List<String> reasons = RetentionPolicy.deletable(segs, end.logEndOffset(), highWatermark,
                        logStartOffset, config, nowMs, true);
                if (reasons.isEmpty()) {
                    return 0;
                }
                if (reasons.size() == segs.size()) {
                    roll(end.logEndOffset(), nowMs);
                }
                for (int i = 0; i < reasons.size(); i++) {
                    removeSegment(segs.get(i), reasons.get(i), nowMs);
                }
                afterStartMoved();
                return reasons.size();
            } finally {
                lock.unlock();
            }
        } finally {
            maintenance.unlock();
        }
    }

    /** Takes a segment out of the log; its files are renamed and deleted after {@link #FILE_DELETE_DELAY_MS}. */
    private void removeSegment(LogSegment s, String reason, long now) throws IOException {
        segments.remove(s.baseOffset());
        s.changeSuffix("", LogFiles.DELETED_SUFFIX);
        deletes.add(s, now + FILE_DELETE_DELAY_MS);
        LOG.debug("Deleted segment {} of {}: {}", s.baseOffset(), tp, reason);
    }

    private void afterStartMoved() throws IOException {
        logStartOffset = Math.max(logStartOffset, segments.firstKey());
        highWatermark = Math.max(highWatermark, logStartOffset);
        cleanerOffset = Math.max(cleanerOffset, logStartOffset);
        epochs.truncateFromStart(logStartOffset);
    }

    @Override
    public void truncateTo(long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate the log of " + tp + " to negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            long leo = end.logEndOffset();
            if (offset >= leo) {
                return;
            }
            truncations++;
            long now = time.milliseconds();
            Map.Entry<Long, LogSegment> floor = segments.floorEntry(offset);
            if (offset < logStartOffset || floor == null) {
                truncateFullyAndStartAt(offset, now);
                return;
            }
            for (LogSegment later : new ArrayList<>(segments.tailMap(offset, false).values())) {
                removeSegment(later, "truncated to offset " + offset, now);
            }
            LogSegment s = floor.getValue();
            long newEnd = s.truncateTo(offset, now);
            end = new EndState(newEnd, s, s.size());
            highWatermark = Math.min(highWatermark, newEnd);
            recoveryPoint = Math.min(recoveryPoint, newEnd);
            cleanerOffset = Math.min(cleanerOffset, newEnd);
            epochs.truncateFromEnd(newEnd);
            LOG.info("Truncated the log of {} to offset {} (log end was {})", tp, newEnd, leo);
        } finally {
            lock.unlock();
        }
    }

    private void truncateFullyAndStartAt(long offset, long now) throws IOException {
        for (LogSegment s : new ArrayList<>(segments.values())) {
            removeSegment(s, "log restarted at offset " + offset, now);
        }
        LogSegment segment = LogSegment.create(dir, offset, config, now, "");
        segments.put(offset, segment);
        end = new EndState(offset, segment, 0);
        logStartOffset = offset;
        highWatermark = offset;
        recoveryPoint = offset;
        cleanerOffset = offset;
        epochs.clear();
        LOG.info("Emptied the log of {}; it now starts at offset {}", tp, offset);
    }

    // ---------------------------------------------------------------- compaction support

    @Override
    public long compact(long nowMs) throws IOException {
        if (!config.cleanupCompact()) {
            return 0;
        }
        maintenance.lock();
        try {
            ensureWritable();
            return LogCompactor.compact(this, nowMs);
        } finally {
            maintenance.unlock();
        }
    }

    CompactionView compactionView() {
        lock.lock();
        try {
            return new CompactionView(new ArrayList<>(segments.values()), highWatermark, logStartOffset,
                    cleanerOffset, truncations);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps compacted output in for {@code old}, crash-safely: the output is renamed {@code .cleaned -> .swap}, the
     * old files to {@code .deleted}, then the output to its final names. Returns false (changing nothing) if the log
     * changed since compaction started.
     */
    boolean replaceSegment(LogSegment old, int oldSize, LogSegment cleaned, long truncationsSeen, long now)
            throws IOException {
        lock.lock();
        try {
            if (closing || closed || truncations != truncationsSeen || segments.get(old.baseOffset()) != old
                    || end.active() == old || old.size() != oldSize) {
                return false;
            }
            if (cleaned.size() == 0 && segments.firstKey() != old.baseOffset()) {
                // Nothing left: drop the segment (reads move on to the next). The first segment stays, even
                // empty, so compaction never moves the log start offset.
                cleaned.deleteFiles();
                removeSegment(old, "compaction removed every record", now);
                return true;
            }
            cleaned.changeSuffix(LogFiles.CLEANED_SUFFIX, LogFiles.SWAP_SUFFIX);
            old.changeSuffix("", LogFiles.DELETED_SUFFIX);
            cleaned.changeSuffix(LogFiles.SWAP_SUFFIX, "");
            segments.put(old.baseOffset(), cleaned);
            deletes.add(old, now + FILE_DELETE_DELAY_MS);
            LogFiles.fsyncDirectory(dir.toPath());
            return true;
        } finally {
            lock.unlock();
        }
    }

    void compactionDone(long newCleanerOffset, long nextTombstoneDeadline) {
        cleanerOffset = Math.max(cleanerOffset, newCleanerOffset);
        tombstoneDeadline = nextTombstoneDeadline;
    }

    long tombstoneDeadline() {
        return tombstoneDeadline;
    }

    boolean isClosing() {
        return closing;
    }

    // ---------------------------------------------------------------- flush, checkpoints, close

    @Override
    public void flush() throws IOException {
        flushUpTo(end.logEndOffset());
        writeCheckpoint(false);
    }

    /** Forces everything below {@code offset} to disk and moves the recovery point there. */
    void flushUpTo(long offset) throws IOException {
        List<LogSegment> toFlush;
        long target;
        long seen;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            target = Math.min(offset, end.logEndOffset());
            if (target <= recoveryPoint) {
                return;
            }
            Long from = segments.floorKey(recoveryPoint);
            toFlush = new ArrayList<>((from == null ? segments : segments.tailMap(from, true))
                    .headMap(target, false).values());
            seen = truncations;
        } finally {
            lock.unlock();
        }
        try {
            for (LogSegment s : toFlush) {
                s.flush();
            }
        } catch (ClosedChannelException e) {
            if (closed) {
                return; // closed meanwhile; close() flushed everything
            }
            throw e;
        }
        lock.lock();
        try {
            if (seen == truncations) {
                recoveryPoint = Math.max(recoveryPoint, target);
            }
            lastFlushMs = time.milliseconds();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Periodic work (LogManager): removes segments whose deletion delay has passed, flushes a segment that was
     * rolled, and flushes everything when {@code flush.ms} has passed since the last flush.
     */
    void flushIfDue(long nowMs) throws IOException {
        deletes.deleteDue(nowMs);
        long rolled = rollFlushOffset;
        if (rolled > recoveryPoint) {
            flushUpTo(rolled);
        }
        if (nowMs - lastFlushMs >= config.flushIntervalMs() && end.logEndOffset() > recoveryPoint) {
            flushUpTo(end.logEndOffset());
        }
    }

    /** Writes the checkpoint file if an offset in it changed (or {@code force}); returns whether it wrote. */
    boolean writeCheckpoint(boolean force) throws IOException {
        synchronized (checkpointLock) {
            if (deleted) {
                return false;
            }
            PartitionCheckpoint cp = new PartitionCheckpoint(logStartOffset, highWatermark, recoveryPoint,
                    cleanerOffset);
            if (!force && cp.equals(lastCheckpoint)) {
                return false;
            }
            cp.write(dir.toPath());
            lastCheckpoint = cp;
            return true;
        }
    }

    /** Flushes and closes every segment and writes the checkpoint with the recovery point at the log end. */
    @Override
    public void close() throws IOException {
        closing = true;
        maintenance.lock();
        try {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                IOException failure = null;
                for (Map.Entry<Long, LogSegment> e : segments.entrySet()) {
                    Long next = segments.higherKey(e.getKey());
                    // Segments wholly below the recovery point were forced to disk when it passed them.
                    boolean force = next == null || next > recoveryPoint;
                    try {
                        e.getValue().close(force);
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
                recoveryPoint = end.logEndOffset();
            } finally {
                lock.unlock();
            }
        } finally {
            maintenance.unlock();
        }
        writeCheckpoint(false);
    }

    @Override
    public void delete() throws IOException {
        LogFiles.deleteRecursively(renameForDeletion());
    }

    /** Closes the files without flushing and renames the directory to {@code <name>.<uuid>-delete}. */
    Path renameForDeletion() throws IOException {
        closing = true;
        maintenance.lock();
        try {
            lock.lock();
            try {
                synchronized (checkpointLock) {
                    deleted = true;
                }
                closed = true;
                for (LogSegment s : segments.values()) {
                    s.closeHandlers();
                }
                deletes.deleteAll();
                Path from = dir.toPath();
                Path target = from.resolveSibling(from.getFileName() + "."
                        + UUID.randomUUID().toString().replace("-", "") + "-delete");
                LogFiles.moveAtomically(from, target);
                LogFiles.fsyncDirectory(target.getParent());
                dir = target.toFile();
                LOG.info("Log of {} closed and moved to {} for deletion", tp, target.getFileName());
                return target;
            } finally {
                lock.unlock();
            }
        } finally {
            maintenance.unlock();
        }
    }

    private void ensureWritable() {
        if (closed) {
            throw new KafkaStorageException("The log of " + tp + " is closed");
        }
        if (failed) {
            throw new KafkaStorageException("The log of " + tp + " failed an earlier write and takes no more");
        }
    }

    @Override
    public String toString() {
        return "FileLog(" + tp + ", " + dir + ")";
    }
}
