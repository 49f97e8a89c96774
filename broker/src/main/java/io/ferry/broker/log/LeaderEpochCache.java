package io.ferry.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader epochs of a partition log and the offset at which each began, in increasing order of both. Every change
 * is written to {@value #FILE_NAME} in the partition directory before it returns (temporary file, fsync, rename).
 * Epochs never go backwards: assigning an epoch at or below the latest is ignored.
 */
final class LeaderEpochCache {

    static final String FILE_NAME = "leader-epoch.checkpoint";
    private static final String HEADER = "ferry-leader-epochs 1";
    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochCache.class);

    record Entry(int epoch, long startOffset) {
    }

    private final Path file;
    private final String owner;
    private final List<Entry> entries;

    private LeaderEpochCache(Path file, String owner, List<Entry> entries) {
        this.file = file;
        this.owner = owner;
        this.entries = entries;
    }

    /** Loads the checkpoint in {@code dir}; a missing file is an empty cache, an unreadable one is warned about. */
    static LeaderEpochCache load(Path dir, String owner) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        List<Entry> entries = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !HEADER.equals(lines.get(0))) {
                throw new IllegalArgumentException("unknown header");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            for (int i = 0; i < count; i++) {
                String[] parts = lines.get(2 + i).trim().split(" ");
                Entry e = new Entry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                if (!entries.isEmpty() && (e.epoch <= last(entries).epoch || e.startOffset < last(entries).startOffset)) {
                    throw new IllegalArgumentException("entries out of order");
                }
                entries.add(e);
            }
        } catch (NoSuchFileException e) {
            // a new partition
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            LOG.warn("Ignoring unreadable leader epoch checkpoint {} of {}: {}", file, owner, e.toString());
            entries.clear();
        }
        return new LeaderEpochCache(file, owner, entries);
    }

    synchronized int latestEpoch() {
        return entries.isEmpty() ? -1 : last(entries).epoch;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Records that {@code epoch} began at {@code startOffset}, if it is newer than the latest epoch. Entries starting
     * at or after {@code startOffset} (left by a log that was later truncated) are dropped first.
     */
    synchronized boolean assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0 || (!entries.isEmpty() && epoch <= last(entries).epoch)) {
            return false;
        }
        if (!entries.isEmpty() && last(entries).startOffset > startOffset) {
            LOG.warn("Leader epoch {} of {} starts at offset {}, not after the earlier epochs {}; dropping those",
                    epoch, owner, startOffset, entries.stream().filter(e -> e.startOffset >= startOffset).toList());
        }
        // An epoch starting where the new one starts holds no records (a leader elected again before appending).
        entries.removeIf(e -> e.startOffset >= startOffset);
        entries.add(new Entry(epoch, startOffset));
        write();
        return true;
    }

    /** Drops epochs starting at or after {@code endOffset} (the log was truncated there). */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        if (entries.removeIf(e -> e.startOffset >= endOffset)) {
            write();
        }
    }

    /**
     * Drops epochs wholly below {@code startOffset} (the log start moved); the epoch covering it now starts there.
     */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        int covering = -1;
        for (int i = 0; i < entries.size() && entries.get(i).startOffset <= startOffset; i++) {
            covering = i;
        }
        if (covering < 0 || (covering == 0 && entries.get(0).startOffset == startOffset)) {
            return;
        }
        Entry kept = new Entry(entries.get(covering).epoch, startOffset);
        entries.subList(0, covering + 1).clear();
        entries.add(0, kept);
        write();
    }

    synchronized void clear() throws IOException {
        if (!entries.isEmpty()) {
            entries.clear();
            write();
        }
    }

    /**
     * OffsetForLeaderEpoch: for the latest epoch, the log end offset; for an older one, the largest known epoch at
     * or below it and the start offset of the next higher epoch; for one below every known epoch, the requested
     * epoch and the first known start offset; undefined for an undefined epoch, an empty cache, or one above the
     * latest.
     */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || entries.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        Entry latest = last(entries);
        if (requestedEpoch == latest.epoch) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        if (requestedEpoch > latest.epoch) {
            return EpochEndOffset.UNDEFINED;
        }
        Entry floor = null;
        Entry higher = null;
        for (Entry e : entries) {
            if (e.epoch <= requestedEpoch) {
                floor = e;
            } else {
                higher = e;
                break;
            }
        }
        return new EpochEndOffset(floor == null ? requestedEpoch : floor.epoch, higher.startOffset);
    }

    private void write() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(entries.size()).append('\n');
        for (Entry e : entries) {
            sb.append(e.epoch).append(' ').append(e.startOffset).append('\n');
        }
        LogFiles.writeAtomically(file, sb.toString());
    }

    private static Entry last(List<Entry> entries) {
        return entries.get(entries.size() - 1);
    }
}
