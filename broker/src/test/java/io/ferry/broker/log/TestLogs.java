package io.ferry.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Record builders and readers shared by the log tests. */
final class TestLogs {

    static final TopicPartition TP = new TopicPartition("t", 0);

    private TestLogs() {
    }

    static LogConfig config() {
        return LogConfig.defaults();
    }

    static LogConfig withSegmentBytes(LogConfig c, int segmentBytes) {
        return new LogConfig(segmentBytes, c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), c.logAppendTime(), c.indexIntervalBytes(), c.segmentIndexBytes(),
                c.flushIntervalMessages(), c.flushIntervalMs());
    }

    static LogConfig withIndexInterval(LogConfig c, int indexIntervalBytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), c.logAppendTime(), indexIntervalBytes, c.segmentIndexBytes(),
                c.flushIntervalMessages(), c.flushIntervalMs());
    }

    static LogConfig withRetention(LogConfig c, long retentionMs, long retentionBytes) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), retentionMs, retentionBytes, c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), c.logAppendTime(), c.indexIntervalBytes(), c.segmentIndexBytes(),
                c.flushIntervalMessages(), c.flushIntervalMs());
    }

    static LogConfig compacted(LogConfig c, boolean alsoDelete, long deleteRetentionMs, long minCompactionLagMs) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), alsoDelete, true,
                deleteRetentionMs, minCompactionLagMs, 0.0, c.maxMessageBytes(), c.logAppendTime(),
                c.indexIntervalBytes(), c.segmentIndexBytes(), c.flushIntervalMessages(), c.flushIntervalMs());
    }

    static LogConfig withLogAppendTime(LogConfig c) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), true, c.indexIntervalBytes(), c.segmentIndexBytes(), c.flushIntervalMessages(),
                c.flushIntervalMs());
    }

    static LogConfig withMaxMessageBytes(LogConfig c, int max) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                max, c.logAppendTime(), c.indexIntervalBytes(), c.segmentIndexBytes(), c.flushIntervalMessages(),
                c.flushIntervalMs());
    }

    static LogConfig withFlushMessages(LogConfig c, long messages) {
        return new LogConfig(c.segmentBytes(), c.segmentMs(), c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), c.logAppendTime(), c.indexIntervalBytes(), c.segmentIndexBytes(), messages,
                c.flushIntervalMs());
    }

    static LogConfig withSegmentMs(LogConfig c, long segmentMs) {
        return new LogConfig(c.segmentBytes(), segmentMs, c.retentionMs(), c.retentionBytes(), c.cleanupDelete(),
                c.cleanupCompact(), c.deleteRetentionMs(), c.minCompactionLagMs(), c.minCleanableDirtyRatio(),
                c.maxMessageBytes(), c.logAppendTime(), c.indexIntervalBytes(), c.segmentIndexBytes(),
                c.flushIntervalMessages(), c.flushIntervalMs());
    }

    static FileLog open(Path dir, LogConfig config, ManualTime time, boolean clean) throws IOException {
        return FileLog.open(dir.resolve("t-0"), TP, config, time, clean);
    }

    /** One uncompressed batch of values (no keys) with the given timestamp. */
    static MemoryRecords values(long timestamp, String... values) {
        SimpleRecord[] rs = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            rs[i] = new SimpleRecord(timestamp, null, bytes(values[i]));
        }
        return MemoryRecords.withRecords(Compression.NONE, rs);
    }

    static MemoryRecords values(String... values) {
        return values(1_000L, values);
    }

    /** One gzip batch of values. */
    static MemoryRecords gzip(long timestamp, String... values) {
        SimpleRecord[] rs = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            rs[i] = new SimpleRecord(timestamp, null, bytes(values[i]));
        }
        return MemoryRecords.withRecords(Compression.gzip().build(), rs);
    }

    /** One batch of key/value pairs {@code k1, v1, k2, v2...}; a null value is a tombstone. */
    static MemoryRecords keyed(Compression compression, long timestamp, String... keysAndValues) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(1024 + keysAndValues.length * 64),
                compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.append(timestamp, bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
        }
        return b.build();
    }

    /** Several batches in one buffer, as a produce request with several batches would carry. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords p : parts) {
            size += p.sizeInBytes();
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (MemoryRecords p : parts) {
            buf.put(p.buffer());
        }
        return MemoryRecords.readableRecords(buf.flip());
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** (offset, value) of every record, in order. */
    static List<String> offsetsAndValues(Records records) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : records.batches()) {
            for (Record r : batch) {
                out.add(r.offset() + ":" + string(r.value()));
            }
        }
        return out;
    }

    /** (offset, key, value) of every record of the whole log, read through batchesFrom. */
    static List<String> dump(PartitionLog log) throws IOException {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : log.batchesFrom(log.logStartOffset())) {
            for (Record r : batch) {
                if (r.offset() >= log.logStartOffset()) {
                    out.add(r.offset() + ":" + string(r.key()) + "=" + string(r.value()));
                }
            }
        }
        return out;
    }

    /** Every value from {@code offset} to the log end, read with read() in chunks. */
    static List<String> readAll(PartitionLog log, long offset) throws IOException {
        List<String> out = new ArrayList<>();
        long next = offset;
        while (next < log.logEndOffset()) {
            ReadResult r = log.read(next, 1 << 20, log.logEndOffset(), true);
            long before = next;
            for (RecordBatch batch : r.records().batches()) {
                for (Record rec : batch) {
                    if (rec.offset() >= next) {
                        out.add(rec.offset() + ":" + string(rec.value()));
                    }
                }
                next = batch.nextOffset();
            }
            if (next == before) {
                throw new AssertionError("read at " + next + " made no progress");
            }
        }
        return out;
    }
}
