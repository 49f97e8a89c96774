package io.ferry.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of a log with {@code cleanup.policy=compact}: rewrites the closed segments below the high watermark
 * (and older than {@code min.compaction.lag.ms}) keeping the latest record of each key, tombstones until their
 * deadline, every control batch and the last batch of each producer (possibly emptied, for its sequence state).
 * Each segment is rewritten to {@code .cleaned} files and swapped in by {@link FileLog#replaceSegment}; offsets are
 * preserved because batches keep their base and last offsets.
 */
final class LogCompactor {

    private static final Logger LOG = LoggerFactory.getLogger(LogCompactor.class);
    private static final int READ_CHUNK_BYTES = 1024 * 1024;

    private LogCompactor() {
    }

    /** Runs one compaction pass if enough of the log is dirty or a tombstone is due; returns bytes reclaimed. */
    static long compact(FileLog log, long nowMs) throws IOException {
        LogConfig cfg = log.config();
        FileLog.CompactionView view = log.compactionView();
        List<LogSegment> cleanable = new ArrayList<>();
        List<LogSegment> all = view.segments();
        for (int i = 0; i < all.size() - 1; i++) {
            LogSegment s = all.get(i);
            long upper = all.get(i + 1).baseOffset();
            if (upper > view.highWatermark()
                    || (cfg.minCompactionLagMs() > 0 && s.largestTimestamp() > nowMs - cfg.minCompactionLagMs())) {
                break;
            }
            if (upper > view.logStartOffset()) {
                cleanable.add(s);
            }
        }
        if (cleanable.isEmpty()) {
            return 0;
        }
        long firstUncleanable = all.get(all.indexOf(cleanable.get(cleanable.size() - 1)) + 1).baseOffset();
        long firstDirty = Math.max(view.cleanerOffset(), view.logStartOffset());
        long dirtyBytes = 0;
        long totalBytes = 0;
        for (int i = 0; i < cleanable.size(); i++) {
            long upper = i + 1 < cleanable.size() ? cleanable.get(i + 1).baseOffset() : firstUncleanable;
            totalBytes += cleanable.get(i).size();
            if (upper > firstDirty) {
                dirtyBytes += cleanable.get(i).size();
            }
        }
        boolean tombstonesDue = log.tombstoneDeadline() <= nowMs;
        boolean dirtyEnough = dirtyBytes > 0 && (double) dirtyBytes / Math.max(1, totalBytes)
                >= cfg.minCleanableDirtyRatio();
        if (!dirtyEnough && !tombstonesDue) {
            return 0;
        }

        KeyIndex keys = KeyIndex.build(cleanable, firstDirty);
        Filter filter = new Filter(nowMs, cfg, keys);
        long before = 0;
        long after = 0;
        for (LogSegment old : cleanable) {
            if (log.isClosing()) {
                return before - after;
            }
            int oldSize = old.size();
            LogSegment cleaned = LogSegment.create(log.dir().toFile(), old.baseOffset(), cfg, nowMs,
                    LogFiles.CLEANED_SUFFIX);
            boolean swapped = false;
            try {
                if (copyRetained(old.records(), oldSize, cleaned, filter, log)) {
                    cleaned.onBecomeInactive();
                    cleaned.flush();
                    swapped = log.replaceSegment(old, oldSize, cleaned, view.truncations(), nowMs);
                }
            } finally {
                if (!swapped) {
                    cleaned.deleteFiles();
                }
            }
            if (!swapped) {
                LOG.debug("Compaction of {} stopped at segment {}: the log changed meanwhile", log.topicPartition(),
                        old.baseOffset());
                return before - after;
            }
            before += oldSize;
            after += cleaned.size();
        }
        log.compactionDone(firstUncleanable, filter.nextTombstoneDeadline);
        LOG.info("Compacted {} segments of {} below offset {}: {} -> {} bytes", cleanable.size(),
                log.topicPartition(), firstUncleanable, before, after);
        return before - after;
    }

    /**
     * Streams {@code source} through the filter into {@code target}, a chunk of whole batches at a time. Returns
     * false, leaving the copy unfinished, if the log starts closing meanwhile.
     */
    private static boolean copyRetained(FileRecords source, int size, LogSegment target, Filter filter, FileLog log)
            throws IOException {
        BufferSupplier decompression = BufferSupplier.create();
        ByteBuffer readBuffer = ByteBuffer.allocate(0);
        ByteBuffer writeBuffer = ByteBuffer.allocate(0);
        int position = 0;
        while (position < size) {
            if (log.isClosing()) {
                return false;
            }
            int chunkEnd = position;
            for (FileChannelRecordBatch batch : source.batchesFrom(position)) {
                int next = batch.position() + batch.sizeInBytes();
                if (next > size || (chunkEnd > position && next - position > READ_CHUNK_BYTES)) {
                    break;
                }
                chunkEnd = next;
            }
            if (chunkEnd == position) {
                throw new IOException("Cannot read a whole batch at position " + position + " of " + source);
            }
            int length = chunkEnd - position;
            if (readBuffer.capacity() < length) {
                readBuffer = ByteBuffer.allocate(length);
            }
            readBuffer.clear().limit(length);
            source.readInto(readBuffer, position);
            MemoryRecords input = MemoryRecords.readableRecords(readBuffer);
            while (input.sizeInBytes() > 0) {
                if (writeBuffer.capacity() < input.sizeInBytes()) {
                    writeBuffer = ByteBuffer.allocate(input.sizeInBytes());
                }
                writeBuffer.clear();
                MemoryRecords.FilterResult result = input.filterTo(filter, writeBuffer, decompression);
                ByteBuffer output = result.outputBuffer();
                output.flip();
                if (output.hasRemaining()) {
                    target.append(MemoryRecords.readableRecords(output));
                }
                if (output.capacity() > writeBuffer.capacity()) {
                    writeBuffer = output;
                }
                int consumed = result.bytesRead();
                if (consumed <= 0 || consumed >= input.sizeInBytes()) {
                    break;
                }
                ByteBuffer rest = input.buffer();
                rest.position(rest.position() + consumed);
                input = MemoryRecords.readableRecords(rest.slice());
            }
            position = chunkEnd;
        }
        return true;
    }

    /** Decides what stays: see the class comment. */
    private static final class Filter extends MemoryRecords.RecordFilter {
        private final KeyIndex keys;
        private final boolean keepRecordsWithoutKey;
        private long nextTombstoneDeadline = Long.MAX_VALUE;

        Filter(long nowMs, LogConfig cfg, KeyIndex keys) {
            super(nowMs, cfg.deleteRetentionMs());
            this.keys = keys;
            this.keepRecordsWithoutKey = cfg.cleanupDelete();
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            boolean keepEmpty = batch.hasProducerId() && keys.isLastBatchOfProducer(batch);
            return new BatchRetentionResult(keepEmpty ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY,
                    false);
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (batch.isControlBatch()) {
                return true;
            }
            if (!record.hasKey()) {
                return keepRecordsWithoutKey;
            }
            Long latest = keys.latestOffset(record.key());
            if (latest != null && latest > record.offset()) {
                return false;
            }
            if (!record.hasValue()) {
                long deadline = tombstoneDeadline(batch, record);
                if (deadline <= currentTime) {
                    return false;
                }
                nextTombstoneDeadline = Math.min(nextTombstoneDeadline, deadline);
            }
            return true;
        }

        /**
         * When a tombstone may go: {@code delete.retention.ms} after its own timestamp, or after the delete horizon
         * stamped into its batch when it was first compacted, whichever is earlier.
         */
        private long tombstoneDeadline(RecordBatch batch, Record record) {
            OptionalLong horizon = batch.deleteHorizonMs();
            long deadline = horizon.isPresent() ? horizon.getAsLong() : saturatedAdd(currentTime, deleteRetentionMs);
            if (record.timestamp() >= 0) {
                deadline = Math.min(deadline, saturatedAdd(record.timestamp(), deleteRetentionMs));
            }
            return deadline;
        }

        private static long saturatedAdd(long a, long b) {
            long r = a + b;
            return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
        }
    }
}
