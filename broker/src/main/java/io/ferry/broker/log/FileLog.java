package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PartitionLog} kept as segment files in one partition directory. Appends, rolls, truncation, retention
 * and segment replacement take one lock; reads take none (see {@link LogSegments}). Retention and compaction also
 * take a maintenance lock so they never overlap, and so that closing waits for them.
 */
public final class FileLog implements PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(FileLog.class);

    /** What compaction works from, taken under the lock. */
    record CompactionView(List<LogSegment> segments, long highWatermark, long logStartOffset, long cleanerOffset,
                          long truncations) {
    }

    private final TopicPartition tp;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock maintenance = new ReentrantLock();
    private final Object checkpointLock = new Object();
    private final LogSegments segments;
    private final LeaderEpochCache epochs;
    private volatile File dir;
    private volatile LogConfig config;
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
        this.segments = new LogSegments(tp, dir, loaded.segments(), loaded.logEndOffset());
        this.epochs = loaded.epochs();
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
    public Path directory() {
        return dir.toPath();
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
            long first = segments.end().logEndOffset();
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
            long leo = segments.end().logEndOffset();
            if (valid.sizeInBytes() == 0) {
                return new AppendResult(leo, leo - 1, RecordBatch.NO_TIMESTAMP, logStartOffset, 0, 0);
            }
            BatchValidator.Summary summary = BatchValidator.summarize(valid);
            long first = valid.firstBatch().baseOffset();
            if (first < leo) {
                throw new InvalidRecordException("Replicated batches for " + tp + " start at offset " + first
                        + ", below the log end offset " + leo);
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
        LogConfig cfg = config;
        LogSegment active = segments.end().active();
        boolean roll = !active.canHoldOffset(firstOffset) || !active.canHoldOffset(lastOffset);
        if (!roll && active.size() > 0) {
            roll = (long) active.size() + records.sizeInBytes() > cfg.segmentBytes()
                    || active.timeWaitedForRoll(now, maxTimestamp) > cfg.segmentMs()
                    || active.indexFull();
        }
        if (roll) {
            roll(firstOffset, now);
            active = segments.end().active();
        }
        try {
            active.append(records);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        segments.publishEnd(lastOffset + 1, active);
    }

    private void roll(long baseOffset, long now) throws IOException {
        if (segments.roll(baseOffset, config, now)) {
            rollFlushOffset = baseOffset;
        }
    }

    private void maybeFlushForMessages(LogConfig cfg) throws IOException {
        long leo = segments.end().logEndOffset();
        if (leo - recoveryPoint >= cfg.flushIntervalMessages()) {
            flushUpTo(leo);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public ReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch)
            throws IOException {
        LogSegments.End e = segments.end();
        long logStart = logStartOffset;
        long hw = highWatermark;
        if (startOffset < logStart || startOffset > e.logEndOffset()) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " is out of range for " + tp
                    + ": the log holds [" + logStart + ", " + e.logEndOffset() + ")");
        }
        return new ReadResult(segments.read(e, startOffset, maxBytes, maxOffsetExclusive, minOneBatch), logStart,
                e.logEndOffset(), hw);
    }

    @Override
    public Iterable<FileChannelRecordBatch> batchesFrom(long startOffset) {
        return segments.batchesFrom(startOffset);
    }

    @Override
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) throws IOException {
        return segments.offsetForTimestamp(timestamp, logStartOffset);
    }

    @Override
    public Optional<TimestampOffset> maxTimestamp() throws IOException {
        return segments.maxTimestamp();
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return segments.end().logEndOffset();
    }

    @Override
    public long activeSegmentBaseOffset() {
        return segments.end().active().baseOffset();
    }

    @Override
    public long highWatermark() {
        return highWatermark;
    }

    @Override
    public void updateHighWatermark(long hw) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset, Math.min(hw, segments.end().logEndOffset()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    /** The number of segments (tests, metrics). */
    int segmentCount() {
        return segments.count();
    }

    // ---------------------------------------------------------------- epochs

    @Override
    public int latestEpoch() {
        return epochs.latestEpoch();
    }

    @Override
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return epochs.endOffsetFor(leaderEpoch, segments.end().logEndOffset());
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

    // ---------------------------------------------------------------- log start, retention, truncation

    @Override
    public long advanceLogStartOffset(long newLogStartOffset) throws IOException {
        long result;
        maintenance.lock();
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
            deleteOldSegments(time.milliseconds(), false);
            result = logStartOffset;
        } finally {
            lock.unlock();
            maintenance.unlock();
        }
        writeCheckpoint(false);
        return result;
    }

    @Override
    public int enforceRetention(long nowMs) throws IOException {
        maintenance.lock();
        lock.lock();
        try {
            segments.deleteDue(nowMs);
            ensureWritable();
            return deleteOldSegments(nowMs, true);
        } finally {
            lock.unlock();
            maintenance.unlock();
        }
    }

    /** Deletes the segments {@link RetentionPolicy} allows, rolling first if that is all of them. */
    private int deleteOldSegments(long nowMs, boolean applyRetention) throws IOException {
        List<LogSegment> list = segments.list();
        List<String> reasons = RetentionPolicy.deletable(list, segments.end().logEndOffset(), highWatermark,
                logStartOffset, config, nowMs, applyRetention);
        if (reasons.isEmpty()) {
            return 0;
        }
        if (reasons.size() == list.size()) {
            roll(segments.end().logEndOffset(), nowMs);
        }
        for (int i = 0; i < reasons.size(); i++) {
            segments.remove(list.get(i), reasons.get(i), nowMs);
        }
        logStartOffset = Math.max(logStartOffset, segments.firstBaseOffset());
        highWatermark = Math.max(highWatermark, logStartOffset);
        cleanerOffset = Math.max(cleanerOffset, logStartOffset);
        epochs.truncateFromStart(logStartOffset);
        return reasons.size();
    }

    @Override
    public void truncateTo(long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate the log of " + tp + " to negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            long leo = segments.end().logEndOffset();
            if (offset >= leo) {
                // No record goes, but an epoch started at the log end holds none either (this replica led it and
                // wrote nothing): drop it, or a new leader that never had it keeps reporting a divergence over it.
                epochs.truncateFromEnd(leo);
                return;
            }
            truncations++;
            long now = time.milliseconds();
            LogSegment floor = segments.floor(offset);
            if (offset < logStartOffset || floor == null) {
                resetLocked(offset, now);
                return;
            }
            for (LogSegment later : segments.above(offset)) {
                segments.remove(later, "truncated to offset " + offset, now);
            }
            long newEnd = floor.truncateTo(offset, now);
            segments.publishEnd(newEnd, floor);
            highWatermark = Math.min(highWatermark, newEnd);
            recoveryPoint = Math.min(recoveryPoint, newEnd);
            cleanerOffset = Math.min(cleanerOffset, newEnd);
            epochs.truncateFromEnd(newEnd);
            LOG.info("Truncated the log of {} to offset {} (log end was {})", tp, newEnd, leo);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void truncateFullyAndStartAt(long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot restart the log of " + tp + " at negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            truncations++;
            resetLocked(offset, time.milliseconds());
        } finally {
            lock.unlock();
        }
    }

    private void resetLocked(long offset, long now) throws IOException {
        segments.resetTo(offset, config, now);
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
            return new CompactionView(segments.list(), highWatermark, logStartOffset, cleanerOffset, truncations);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps compacted output in for {@code old} (see {@link LogSegments#replace}); empty output simply removes a
     * segment other than the first, which stays so compaction never moves the log start. Returns false, changing
     * nothing, if the log changed since compaction took its view.
     */
    boolean replaceSegment(LogSegment old, int oldSize, LogSegment cleaned, long truncationsSeen, long now)
            throws IOException {
        lock.lock();
        try {
            if (closing || closed || truncations != truncationsSeen || segments.get(old.baseOffset()) != old
                    || segments.end().active() == old || old.size() != oldSize) {
                return false;
            }
            if (cleaned.size() == 0 && segments.firstBaseOffset() != old.baseOffset()) {
                cleaned.deleteFiles();
                segments.remove(old, "compaction removed every record", now);
            } else {
                segments.replace(old, cleaned, now);
            }
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
        flushUpTo(segments.end().logEndOffset());
        writeCheckpoint(false);
    }

    /** Forces everything below {@code offset} to disk (outside the lock) and moves the recovery point there. */
    void flushUpTo(long offset) throws IOException {
        List<LogSegment> toFlush;
        long target;
        long seen;
        lock.lock();
        try {
            target = Math.min(offset, segments.end().logEndOffset());
            if (closed || target <= recoveryPoint) {
                return;
            }
            toFlush = segments.overlapping(recoveryPoint, target);
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
                return; // closed meanwhile: close() forced everything itself
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
        segments.deleteDue(nowMs);
        long rolled = rollFlushOffset;
        if (rolled > recoveryPoint) {
            flushUpTo(rolled);
        }
        if (nowMs - lastFlushMs >= config.flushIntervalMs() && segments.end().logEndOffset() > recoveryPoint) {
            flushUpTo(segments.end().logEndOffset());
        }
    }

    /** Writes the checkpoint file if an offset in it changed; returns whether it wrote. */
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

    /** Flushes and closes every segment and checkpoints with the recovery point at the log end. */
    @Override
    public void close() throws IOException {
        closing = true;
        maintenance.lock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            segments.closeAll(recoveryPoint);
            recoveryPoint = segments.end().logEndOffset();
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            synchronized (checkpointLock) {
                deleted = true;
            }
            closed = true;
            segments.discardAll();
            Path from = dir.toPath();
            Path target = from.resolveSibling(from.getFileName() + "."
                    + UUID.randomUUID().toString().replace("-", "") + "-delete");
            LogFiles.moveAtomically(from, target);
            LogFiles.fsyncDirectory(target.getParent());
            dir = target.toFile();
            LOG.info("Closed the log of {} and moved it to {} for deletion", tp, target.getFileName());
            return target;
        } finally {
            lock.unlock();
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
