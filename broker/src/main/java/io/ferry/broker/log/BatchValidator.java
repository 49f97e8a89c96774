package io.ferry.broker.log;

import java.nio.ByteBuffer;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

/** Checks batches before anything is written: every batch of a request is checked before the first is appended. */
final class BatchValidator {

    /** What a valid request holds. */
    record Summary(int batches, long records, long maxTimestamp) {
    }

    private BatchValidator() {
    }

    /**
     * Validates batches from a producer: format v2, intact checksum, within {@code max.message.bytes}, a record count
     * that matches the offset range, keys present on a compact-only topic, and no trailing partial batch.
     */
    static Summary validateForLeader(MemoryRecords records, LogConfig config, TopicPartition tp) {
        if (records.sizeInBytes() > config.segmentBytes()) {
            throw new RecordBatchTooLargeException("Record batches of " + records.sizeInBytes() + " bytes for " + tp
                    + " exceed the segment size of " + config.segmentBytes() + " bytes");
        }
        checkFraming(records, tp, false);
        boolean keysRequired = config.cleanupCompact() && !config.cleanupDelete();
        int batches = 0;
        long count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int bytes = 0;
        for (MutableRecordBatch batch : records.batches()) {
            checkFormat(batch, tp);
            if (batch.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordTooLargeException("The record batch of " + batch.sizeInBytes() + " bytes for " + tp
                        + " exceeds max.message.bytes (" + config.maxMessageBytes() + ")");
            }
            batch.ensureValid();
            Integer n = batch.countOrNull();
            long span = batch.lastOffset() - batch.baseOffset() + 1;
            if (n == null || n <= 0) {
                throw new InvalidRecordException("A record batch for " + tp + " holds no records");
            }
            if (span != n) {
                throw new InvalidRecordException("A record batch for " + tp + " has last offset delta "
                        + (span - 1) + " but " + n + " records");
            }
            if (batch.hasProducerId() && !batch.isControlBatch() && batch.baseSequence() < 0) {
                throw new InvalidRecordException("A record batch for " + tp + " has producer id "
                        + batch.producerId() + " but no base sequence");
            }
            if (keysRequired && !batch.isControlBatch()) {
                requireKeys(batch, tp);
            }
            batches++;
            count += n;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            bytes += batch.sizeInBytes();
        }
        if (batches == 0) {
            throw new InvalidRecordException("The append to " + tp + " holds no record batch");
        }
        if (bytes != records.sizeInBytes()) {
            throw new CorruptRecordException("The append to " + tp + " ends with " + (records.sizeInBytes() - bytes)
                    + " bytes that are not a whole record batch");
        }
        return new Summary(batches, count, maxTimestamp);
    }

    /**
     * Validates replicated batches (format, checksum, increasing offsets) and drops a trailing partial batch, which a
     * fetch response may legitimately end with.
     */
    static MemoryRecords validateForFollower(MemoryRecords records, TopicPartition tp) {
        checkFraming(records, tp, true);
        int bytes = 0;
        long previousLast = -1;
        for (MutableRecordBatch batch : records.batches()) {
            checkFormat(batch, tp);
            batch.ensureValid();
            if (batch.baseOffset() <= previousLast || batch.lastOffset() < batch.baseOffset()) {
                throw new InvalidRecordException("Replicated batches for " + tp + " are out of order at offset "
                        + batch.baseOffset());
            }
            previousLast = batch.lastOffset();
            bytes += batch.sizeInBytes();
        }
        if (bytes == records.sizeInBytes()) {
            return records;
        }
        ByteBuffer buf = records.buffer();
        buf.limit(buf.position() + bytes);
        return MemoryRecords.readableRecords(buf.slice());
    }

    /**
     * Checks every batch's size field before kafka-clients' iterator reads it: a size that is negative, smaller than a
     * batch header or (unless {@code partialTailAllowed}, as in a fetch response) beyond the bytes present would make
     * the iterator fail with an IllegalArgumentException instead of a Kafka error (found by AppendFuzzTest).
     */
    private static void checkFraming(MemoryRecords records, TopicPartition tp, boolean partialTailAllowed) {
        ByteBuffer buf = records.buffer();
        int pos = buf.position();
        int end = buf.limit();
        while (end - pos >= Records.LOG_OVERHEAD) {
            int size = buf.getInt(pos + Records.SIZE_OFFSET);
            long batchEnd = (long) pos + Records.LOG_OVERHEAD + size;
            boolean v2 = end - pos > MAGIC_OFFSET && buf.get(pos + MAGIC_OFFSET) == RecordBatch.MAGIC_VALUE_V2;
            if (size < 0 || v2 && size < MIN_BATCH_BODY) {
                throw new CorruptRecordException("A record batch for " + tp + " at byte " + (pos - buf.position())
                        + " claims " + size + " bytes, less than a batch header");
            }
            if (batchEnd > end) {
                if (partialTailAllowed) {
                    return;
                }
                throw new CorruptRecordException("The append to " + tp + " ends with " + (end - pos)
                        + " bytes that are not a whole record batch (the batch there claims " + size + " bytes)");
            }
            if (!v2) {
                return; // an older message format: checkFormat refuses it with its own error
            }
            pos = (int) batchEnd;
        }
    }

    /** Where a batch's magic byte is: after base offset, size and partition leader epoch. */
    private static final int MAGIC_OFFSET = 16;

    /** The smallest size field of a v2 batch: its header after the offset and size fields. */
    private static final int MIN_BATCH_BODY = DefaultRecordBatch.RECORD_BATCH_OVERHEAD - Records.LOG_OVERHEAD;

    static Summary summarize(MemoryRecords records) {
        int batches = 0;
        long count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (RecordBatch batch : records.batches()) {
            batches++;
            count += batch.lastOffset() - batch.baseOffset() + 1;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
        }
        return new Summary(batches, count, maxTimestamp);
    }

    private static void checkFormat(RecordBatch batch, TopicPartition tp) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("Only record batch format v2 is supported; a batch for " + tp
                    + " has magic " + batch.magic());
        }
    }

    private static void requireKeys(MutableRecordBatch batch, TopicPartition tp) {
        try (CloseableIterator<Record> it = batch.skipKeyValueIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
                if (!it.next().hasKey()) {
                    throw new InvalidRecordException("Compacted topic " + tp.topic()
                            + " cannot accept a record without a key (partition " + tp + ")");
                }
            }
        }
    }
}
