package io.ferry.broker.log;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

/**
 * For compaction: the latest offset of every key written in the dirty part of the log (keys identified by a 128-bit
 * digest), and the last batch of every producer. A transactional record counts only once its commit marker is seen;
 * records of aborted or still open transactions never supersede anything.
 */
final class KeyIndex {

    private record Digest(long high, long low) {
    }

    private record PendingKey(Digest key, long offset) {
    }

    private final Map<Digest, Long> latest = new HashMap<>();
    private final Map<Long, Long> lastBatchOfProducer = new HashMap<>();
    private final Map<Long, List<PendingKey>> openTransactions = new HashMap<>();
    private final MessageDigest md5;

    private KeyIndex() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /** Indexes the keys of batches at or after {@code firstDirty} and the producers of every batch. */
    static KeyIndex build(List<LogSegment> segments, long firstDirty) {
        KeyIndex index = new KeyIndex();
        BufferSupplier buffers = BufferSupplier.create();
        for (int i = 0; i < segments.size(); i++) {
            LogSegment s = segments.get(i);
            boolean dirty = i + 1 >= segments.size() || segments.get(i + 1).baseOffset() > firstDirty;
            for (FileChannelRecordBatch batch : s.records().slice(0, s.size()).batches()) {
                if (batch.hasProducerId()) {
                    index.lastBatchOfProducer.put(batch.producerId(), batch.baseOffset());
                }
                if (dirty && batch.lastOffset() >= firstDirty) {
                    index.add(batch, buffers);
                }
            }
        }
        return index;
    }

    private void add(RecordBatch batch, BufferSupplier buffers) {
        if (batch.isControlBatch()) {
            if (batch.isTransactional()) {
                endTransaction(batch);
            }
            return;
        }
        try (CloseableIterator<Record> records = batch.streamingIterator(buffers)) {
            while (records.hasNext()) {
                Record r = records.next();
                if (!r.hasKey()) {
                    continue;
                }
                Digest d = digest(r.key());
                if (batch.isTransactional()) {
                    openTransactions.computeIfAbsent(batch.producerId(), p -> new ArrayList<>())
                            .add(new PendingKey(d, r.offset()));
                } else {
                    latest.merge(d, r.offset(), Math::max);
                }
            }
        }
    }

    private void endTransaction(RecordBatch marker) {
        List<PendingKey> pending = openTransactions.remove(marker.producerId());
        if (pending == null) {
            return;
        }
        boolean commit = false;
        for (Record r : marker) {
            commit = r.hasKey() && ControlRecordType.parse(r.key()) == ControlRecordType.COMMIT;
        }
        if (commit) {
            for (PendingKey p : pending) {
                latest.merge(p.key(), p.offset(), Math::max);
            }
        }
    }

    /** The latest offset of {@code key} in the dirty part, or null if it has none there. */
    Long latestOffset(ByteBuffer key) {
        return latest.get(digest(key));
    }

    boolean isLastBatchOfProducer(RecordBatch batch) {
        Long last = lastBatchOfProducer.get(batch.producerId());
        return last != null && last == batch.baseOffset();
    }

    private Digest digest(ByteBuffer key) {
        md5.reset();
        md5.update(key.duplicate());
        ByteBuffer d = ByteBuffer.wrap(md5.digest());
        return new Digest(d.getLong(), d.getLong());
    }
}
