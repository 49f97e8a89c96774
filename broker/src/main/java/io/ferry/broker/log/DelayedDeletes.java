package io.ferry.broker.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments taken out of a log (retention, truncation, compaction) whose files, already renamed to
 * {@code .deleted}, stay open for a while so reads and zero-copy sends already holding them can finish.
 */
final class DelayedDeletes {

    private static final Logger LOG = LoggerFactory.getLogger(DelayedDeletes.class);

    private record Pending(LogSegment segment, long dueMs) {
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    synchronized void add(LogSegment segment, long dueMs) {
        queue.add(new Pending(segment, dueMs));
    }

    synchronized int size() {
        return queue.size();
    }

    /** Closes and deletes the segments whose delay has passed. */
    void deleteDue(long nowMs) {
        List<Pending> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().dueMs() <= nowMs) {
                due.add(queue.poll());
            }
        }
        delete(due);
    }

    void deleteAll() {
        List<Pending> all;
        synchronized (this) {
            all = new ArrayList<>(queue);
            queue.clear();
        }
        delete(all);
    }

    private static void delete(List<Pending> pending) {
        for (Pending p : pending) {
            try {
                p.segment().deleteFiles();
            } catch (IOException e) {
                LOG.warn("Could not delete the files of {}: {}", p.segment(), e.toString());
            }
        }
    }
}
