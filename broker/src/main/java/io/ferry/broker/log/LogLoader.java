package io.ferry.broker.log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: finishes or discards what an interrupted compaction or deletion left, opens the
 * segments and, after an unclean shutdown, re-validates every batch from the recovery point on, cutting the log at
 * the first torn or corrupt batch. After a clean shutdown only the tail of the active segment is read.
 */
final class LogLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** The state a {@link FileLog} starts from. */
    record Loaded(TreeMap<Long, LogSegment> segments, long logEndOffset, long logStartOffset, long highWatermark,
                  long recoveryPoint, long cleanerOffset, LeaderEpochCache epochs,
                  PartitionCheckpoint checkpointOnDisk) {
    }

    private final File dir;
    private final TopicPartition tp;
    private final LogConfig config;
    private final long nowMs;

    private LogLoader(File dir, TopicPartition tp, LogConfig config, long nowMs) {
        this.dir = dir;
        this.tp = tp;
        this.config = config;
        this.nowMs = nowMs;
    }

    static Loaded load(File dir, TopicPartition tp, LogConfig config, long nowMs, boolean cleanShutdown)
            throws IOException {
        return new LogLoader(dir, tp, config, nowMs).load(cleanShutdown);
    }

    private Loaded load(boolean cleanShutdown) throws IOException {
        Files.createDirectories(dir.toPath());
        removeLeftovers();
        TreeMap<Long, LogSegment> segments = openSegments();
        Optional<PartitionCheckpoint> checkpoint = PartitionCheckpoint.read(dir.toPath(), tp.toString());
        LeaderEpochCache epochs = LeaderEpochCache.load(dir.toPath(), tp.toString());
        if (segments.isEmpty()) {
            long base = checkpoint.map(PartitionCheckpoint::logStartOffset).orElse(0L);
            segments.put(base, LogSegment.create(dir, base, config, nowMs, ""));
        }
        long recoverFrom = cleanShutdown && checkpoint.isPresent() ? Long.MAX_VALUE
                : checkpoint.map(PartitionCheckpoint::recoveryPoint).orElse(0L);
        List<LogSegment> recovered = new ArrayList<>();
        long logEnd = recover(segments, recoverFrom, epochs, recovered);
        for (LogSegment s : recovered) {
            s.flush();
        }

        long firstBase = segments.firstKey();
        long logStart = Math.max(firstBase, checkpoint.map(PartitionCheckpoint::logStartOffset).orElse(firstBase));
        if (logStart > logEnd) {
            LOG.warn("Log of {} ends at {}, below its log start offset {}; starting an empty log there",
                    tp, logEnd, logStart);
            for (LogSegment s : segments.values()) {
                s.deleteFiles();
            }
            segments.clear();
            segments.put(logStart, LogSegment.create(dir, logStart, config, nowMs, ""));
            epochs.clear();
            logEnd = logStart;
        }
        long recoveryPoint = recovered.isEmpty()
                ? Math.min(checkpoint.map(PartitionCheckpoint::recoveryPoint).orElse(logEnd), logEnd) : logEnd;
        long hw = clamp(checkpoint.map(PartitionCheckpoint::highWatermark).orElse(logStart), logStart, logEnd);
        long cleaner = clamp(checkpoint.map(PartitionCheckpoint::cleanerOffset).orElse(logStart), logStart, logEnd);
        epochs.truncateFromEnd(logEnd);
        epochs.truncateFromStart(logStart);
        return new Loaded(segments, logEnd, logStart, hw, recoveryPoint, cleaner, epochs, checkpoint.orElse(null));
    }

    /**
     * Validates the segments holding data at or after {@code recoverFrom} (and rebuilds any untrusted index), loads
     * the active segment's tail, and returns the log end offset.
     */
    private long recover(TreeMap<Long, LogSegment> segments, long recoverFrom, LeaderEpochCache epochs,
                         List<LogSegment> recovered) throws IOException {
        List<LogSegment> list = new ArrayList<>(segments.values());
        for (int i = 0; i < list.size(); i++) {
            LogSegment s = list.get(i);
            boolean last = i == list.size() - 1;
            boolean unflushed = last ? recoverFrom != Long.MAX_VALUE : list.get(i + 1).baseOffset() > recoverFrom;
            if (!unflushed && s.indexProblem() == null && !last) {
                continue;
            }
            if (!unflushed && s.indexProblem() == null) {
                long next = s.loadTail();
                if (next >= 0) {
                    return next;
                }
                LOG.warn("Log of {}: segment {} does not end on a whole batch although the broker shut down "
                        + "cleanly; validating it", tp, s.baseOffset());
                unflushed = true;
            } else if (!unflushed) {
                LOG.info("Rebuilding the indexes of segment {} of {}: {}", s.baseOffset(), tp, s.indexProblem());
            }
            LogSegment.RecoveryResult r = s.recover(unflushed, b -> assignEpoch(epochs, b.partitionLeaderEpoch(),
                    b.baseOffset()));
            recovered.add(s);
            if (r.reason() != null) {
                LOG.warn("Recovery of {} truncated segment {} at offset {}, dropping {} bytes: {}", tp,
                        s.baseOffset(), r.nextOffset(), r.truncatedBytes(), r.reason());
                for (LogSegment later : list.subList(i + 1, list.size())) {
                    LOG.warn("Recovery of {} deleted segment {} after the truncation at offset {}", tp,
                            later.baseOffset(), r.nextOffset());
                    later.deleteFiles();
                    segments.remove(later.baseOffset());
                }
                return r.nextOffset();
            }
            if (last) {
                return r.nextOffset();
            }
        }
        throw new IllegalStateException("unreachable: the last segment always returns");
    }

    private static void assignEpoch(LeaderEpochCache epochs, int epoch, long offset) {
        try {
            epochs.assign(epoch, offset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TreeMap<Long, LogSegment> openSegments() throws IOException {
        TreeMap<Long, LogSegment> segments = new TreeMap<>();
        File[] files = listFiles();
        for (File f : files) {
            long base = LogFiles.baseOffsetOf(f.getName(), LogFiles.LOG_SUFFIX);
            if (base >= 0) {
                segments.put(base, LogSegment.open(dir, base, config, nowMs));
            }
        }
        for (File f : files) {
            long idx = Math.max(LogFiles.baseOffsetOf(f.getName(), LogFiles.INDEX_SUFFIX),
                    LogFiles.baseOffsetOf(f.getName(), LogFiles.TIME_INDEX_SUFFIX));
            if (idx >= 0 && !segments.containsKey(idx)) {
                LOG.debug("Deleting index {} of {}: its segment is gone", f.getName(), tp);
                Files.deleteIfExists(f.toPath());
            }
        }
        return segments;
    }

    /**
     * Deletes segments awaiting removal, unfinished compaction output and temporary files; completes a compaction
     * swap whose output was fully written (its {@code .log.swap} exists) by replacing the old segment with it.
     */
    private void removeLeftovers() throws IOException {
        boolean changed = false;
        File[] files = listFiles();
        for (File f : files) {
            String name = f.getName();
            if (name.endsWith(LogFiles.DELETED_SUFFIX) || name.endsWith(LogFiles.CLEANED_SUFFIX)
                    || name.endsWith(LogFiles.TMP_SUFFIX)) {
                LOG.debug("Deleting leftover file {} of {}", name, tp);
                changed |= Files.deleteIfExists(f.toPath());
            }
        }
        for (File f : files) {
            String name = f.getName();
            if (!name.endsWith(LogFiles.LOG_SUFFIX + LogFiles.SWAP_SUFFIX)) {
                continue;
            }
            long base = LogFiles.baseOffsetOf(name.substring(0, name.length() - LogFiles.SWAP_SUFFIX.length()),
                    LogFiles.LOG_SUFFIX);
            if (base < 0) {
                continue;
            }
            File logFile = LogFiles.logFile(dir, base);
            for (File old : new File[] {logFile, LogFiles.offsetIndexFile(dir, base), LogFiles.timeIndexFile(dir, base)}) {
                Files.deleteIfExists(old.toPath());
            }
            LogFiles.moveAtomically(f.toPath(), logFile.toPath());
            changed = true;
            LOG.info("Completed the interrupted compaction of segment {} of {}", base, tp);
        }
        for (File f : files) {
            if (f.getName().endsWith(LogFiles.SWAP_SUFFIX) && !f.getName().endsWith(LogFiles.LOG_SUFFIX
                    + LogFiles.SWAP_SUFFIX)) {
                changed |= Files.deleteIfExists(f.toPath()); // index swaps: the swapped-in segment rebuilds them
            }
        }
        if (changed) {
            LogFiles.fsyncDirectory(dir.toPath());
        }
    }

    private File[] listFiles() throws IOException {
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list the log directory " + dir);
        }
        return files;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(v, hi));
    }
}
