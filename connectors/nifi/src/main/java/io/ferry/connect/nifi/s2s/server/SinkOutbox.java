package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.s2s.server.site.OutboundBatch;
import io.ferry.connect.nifi.s2s.server.site.OutboundSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * A sink task's FlowFiles on their way out of an output port: buffered after {@code put()}, taken by
 * a transaction, then confirmed (delivered) or released (sent again, first). Per partition it knows
 * the offsets not yet confirmed, so the committable offset is the first of them.
 */
final class SinkOutbox implements OutboundSource {

    /** Offsets of one partition: those put and not confirmed, and the next one expected. */
    private static final class Progress {
        private final TreeSet<Long> unconfirmed = new TreeSet<>();
        private long next = -1;
    }

    private record Entry(TopicPartition partition, long offset, FlowFile flowFile, Progress progress) {
    }

    private final int capacityRecords;
    private final long capacityBytes;
    private final int batchRecords;
    private final long batchBytes;
    private final Runnable onDrained;
    private final Deque<Entry> buffer = new ArrayDeque<>();
    private final Map<TopicPartition, Progress> progress = new HashMap<>();
    private long bufferedBytes;
    private boolean full;

    /** @param onDrained called (outside the lock) when a full buffer got room again */
    SinkOutbox(int capacityRecords, long capacityBytes, int batchRecords, long batchBytes, Runnable onDrained) {
        this.capacityRecords = capacityRecords;
        this.capacityBytes = capacityBytes;
        this.batchRecords = batchRecords;
        this.batchBytes = batchBytes;
        this.onDrained = onDrained;
    }

    synchronized void add(TopicPartition partition, long offset, FlowFile flowFile) {
        Progress p = progress.computeIfAbsent(partition, tp -> new Progress());
        p.unconfirmed.add(offset);
        p.next = Math.max(p.next, offset + 1);
        buffer.addLast(new Entry(partition, offset, flowFile, p));
        bufferedBytes += flowFile.size();
        full = full || isOverCapacity();
    }

    @Override
    public OutboundBatch take(int maxCount, long maxBytes) {
        int count = maxCount > 0 ? Math.min(maxCount, batchRecords) : batchRecords;
        long bytes = maxBytes > 0 ? Math.min(maxBytes, batchBytes) : batchBytes;
        List<Entry> taken = new ArrayList<>();
        boolean drained;
        synchronized (this) {
            long takenBytes = 0;
            while (taken.size() < count && !buffer.isEmpty()) {
                Entry next = buffer.peekFirst();
                if (!taken.isEmpty() && takenBytes + next.flowFile.size() > bytes) {
                    break;
                }
                buffer.pollFirst();
                bufferedBytes -= next.flowFile.size();
                if (progress.get(next.partition) == next.progress) {
                    taken.add(next);
                    takenBytes += next.flowFile.size();
                }
            }
            drained = full && hasRoom();
            if (drained) {
                full = false;
            }
        }
        if (drained) {
            onDrained.run();
        }
        return taken.isEmpty() ? null : new Batch(taken);
    }

    /** Per partition, the offset to commit: the first not confirmed yet, or the next after all put. */
    synchronized Map<TopicPartition, Long> confirmedOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        progress.forEach((partition, p) -> {
            if (p.next >= 0) {
                offsets.put(partition, p.unconfirmed.isEmpty() ? p.next : p.unconfirmed.first());
            }
        });
        return offsets;
    }

    /** Forgets revoked partitions: their buffered FlowFiles and their offsets. */
    synchronized void drop(Collection<TopicPartition> partitions) {
        Set<TopicPartition> dropped = new HashSet<>(partitions);
        dropped.forEach(progress::remove);
        buffer.removeIf(entry -> {
            if (dropped.contains(entry.partition)) {
                bufferedBytes -= entry.flowFile.size();
                return true;
            }
            return false;
        });
    }

    synchronized void close() {
        progress.clear();
        buffer.clear();
        bufferedBytes = 0;
    }

    /** Whether consumption should pause. */
    synchronized boolean isFull() {
        return isOverCapacity();
    }

    /** Whether paused consumption may resume: at most half full. */
    synchronized boolean hasRoom() {
        return buffer.size() <= capacityRecords / 2 && bufferedBytes <= capacityBytes / 2;
    }

    @Override
    public synchronized long queued() {
        return buffer.size();
    }

    private boolean isOverCapacity() {
        return buffer.size() >= capacityRecords || bufferedBytes >= capacityBytes;
    }

    private synchronized void confirm(List<Entry> entries) {
        for (Entry entry : entries) {
            if (progress.get(entry.partition) == entry.progress) {
                entry.progress.unconfirmed.remove(entry.offset);
            }
        }
    }

    private synchronized void release(List<Entry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (progress.get(entry.partition) == entry.progress) {
                buffer.addFirst(entry);
                bufferedBytes += entry.flowFile.size();
            }
        }
    }

    /** FlowFiles taken by one transaction. */
    private final class Batch implements OutboundBatch {
        private final List<Entry> entries;
        private final List<FlowFile> flowFiles;

        private Batch(List<Entry> entries) {
            this.entries = entries;
            this.flowFiles = entries.stream().map(Entry::flowFile).toList();
        }

        @Override
        public List<FlowFile> flowFiles() {
            return flowFiles;
        }

        @Override
        public void confirm() {
            SinkOutbox.this.confirm(entries);
        }

        @Override
        public void release() {
            SinkOutbox.this.release(entries);
        }
    }
}
