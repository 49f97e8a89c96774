package io.ferry.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The log of one partition replica. Offsets are assigned by the leader ({@link #appendAsLeader}); a follower keeps
 * the leader's offsets ({@link #appendAsFollower}). The high watermark is tracked separately from the log end offset:
 * consumers read below it, and it survives restarts.
 *
 * <p>Thread-safety: appends and truncation are serialised by the implementation; reads may run concurrently with an
 * append and see a consistent prefix.
 */
public interface PartitionLog extends Closeable {

    TopicPartition topicPartition();

    /** The directory holding this log's files (and files kept alongside, such as a producer state snapshot). */
    Path directory();

    /**
     * Validates every batch (magic v2, CRC, size limits from {@link LogConfig}), assigns consecutive offsets starting
     * at the log end offset, stamps {@code leaderEpoch} into each batch, sets the log-append time when the topic's
     * timestamp type asks for it, and appends. Throws {@link org.apache.kafka.common.errors.CorruptRecordException},
     * {@link org.apache.kafka.common.errors.RecordTooLargeException} or
     * {@link org.apache.kafka.common.InvalidRecordException} without appending anything when a batch is bad. On a
     * topic whose only cleanup policy is compact, a record without a key is an InvalidRecordException. Control
     * batches are accepted (the transaction coordinator writes markers through here): a produce handler must refuse
     * them from clients. A {@code leaderEpoch} older than the latest epoch in the log is a
     * {@link org.apache.kafka.common.errors.FencedLeaderEpochException}.
     */
    AppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) throws IOException;

    /**
     * Appends batches that already carry offsets and epochs (replication). Offsets must start at or after the log end
     * (a compacted leader may have gaps) and increase; a trailing partial batch is dropped.
     */
    AppendResult appendAsFollower(MemoryRecords records) throws IOException;

    /**
     * Reads whole batches starting with the one containing {@code startOffset} (or the first after it), at most
     * {@code maxBytes} (but at least one whole batch when {@code minOneBatch}), only batches that lie wholly below
     * {@code maxOffsetExclusive} (the high watermark for consumers, the log end for replicas). The records are a
     * zero-copy slice of one segment file; they are empty at the log end or when nothing below the limit fits.
     *
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException if startOffset is below the log start or above
     *     the log end offset
     */
    ReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) throws IOException;

    long logStartOffset();

    long logEndOffset();

    /** The base offset of the segment appends go to (it changes when the log rolls). */
    long activeSegmentBaseOffset();

    long highWatermark();

    /** Moves the high watermark (clamped to [logStartOffset, logEndOffset]); persisted on flush and close. */
    void updateHighWatermark(long highWatermark);

    /** The first offset whose timestamp is at or after {@code timestamp} (ListOffsets), or empty if none. */
    Optional<TimestampOffset> offsetForTimestamp(long timestamp) throws IOException;

    /** The record with the largest timestamp (ListOffsets MAX_TIMESTAMP), or empty for an empty log. */
    Optional<TimestampOffset> maxTimestamp() throws IOException;

    /** The latest leader epoch appended to this log, or -1 if none. */
    int latestEpoch();

    /**
     * Records that {@code leaderEpoch} starts at {@code startOffset} (normally the log end offset) when this replica
     * becomes leader, before it appends anything in that epoch, so OffsetForLeaderEpoch answers for the new epoch
     * at once. Ignored if the epoch is not newer than {@link #latestEpoch()}.
     */
    void assignEpochStartOffset(int leaderEpoch, long startOffset) throws IOException;

    /**
     * OffsetForLeaderEpoch: the largest epoch at or below {@code leaderEpoch} and the offset where it ended (the start
     * offset of the next higher epoch, or the log end offset for the latest one).
     */
    EpochEndOffset endOffsetForEpoch(int leaderEpoch);

    /**
     * DeleteRecords: raises the log start offset to {@code newLogStartOffset}, deleting segments wholly below it,
     * and persists it before returning. Returns the resulting log start offset (unchanged if already higher).
     *
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException above the high watermark
     */
    long advanceLogStartOffset(long newLogStartOffset) throws IOException;

    /**
     * Removes every batch at or after {@code offset} (replica divergence); a batch straddling it goes whole. Below
     * the log start offset the log is emptied and restarts at {@code offset}.
     */
    void truncateTo(long offset) throws IOException;

    /**
     * Empties the log and restarts it at {@code offset} (a follower whose whole log lies below the leader's log start
     * offset).
     */
    void truncateFullyAndStartAt(long offset) throws IOException;

    /** Forces appended data to disk and records the recovery point. */
    void flush() throws IOException;

    LogConfig config();

    /** Applies a new topic configuration (segment size, retention, cleanup policy...) to future work. */
    void updateConfig(LogConfig config);

    /**
     * Deletes whole segments beyond retention (time, size) or below the log start offset. The active segment is
     * rolled first if it alone is expired. Returns the number of segments deleted.
     */
    int enforceRetention(long nowMs) throws IOException;

    /**
     * Compacts closed segments when {@code cleanup.policy} includes compact: keeps the latest record per key, drops
     * tombstones older than {@code delete.retention.ms}; keeps transaction control batches. Returns bytes reclaimed.
     */
    long compact(long nowMs) throws IOException;

    /** Every batch from {@code startOffset} to the log end, in order (producer state rebuild, compaction, tests). */
    Iterable<? extends RecordBatch> batchesFrom(long startOffset) throws IOException;

    /** Size of all segments in bytes. */
    long sizeInBytes();

    /** Closes and removes the partition's directory. */
    void delete() throws IOException;
}
