package io.ferry.connect.file.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One followed path: the physical file behind it, the byte position reached, and a buffer of bytes
 * read but not yet cut into records. Reads large blocks with positional reads and cuts every
 * complete record out of a block at once ({@link Framing}); at the end of the data it looks at the
 * path at most once per poll interval ({@link #poll}) to notice
 * <ul>
 *   <li>rotation: the path names another file (or none). The old file, still open or found again by
 *       its identity next to the path, is read to its end and its last unterminated record sent
 *       ("finished"); then the new file is read from byte 0, one generation later;</li>
 *   <li>truncation or a rewrite in place: the file is shorter than what was read, or its first bytes
 *       changed. Reading starts over at byte 0, one generation later;</li>
 *   <li>idleness: with {@code finishWhenIdle}, a file unchanged for the minimum age is finished (its
 *       last record without a delimiter is sent; in file mode its content is the record).</li>
 * </ul>
 * Offsets are byte positions of record boundaries, so a restart resumes at the exact byte whatever
 * the charset. Its parts: {@link PhysicalFile} reads and buffers the file, {@link RecordCutter} cuts
 * records by mode, {@link RotationTracker} notices the changes above; this class decides when to
 * read and when to look, and holds what the source task asks. Not thread-safe: the source task calls
 * it from its poll thread.
 */
public final class FollowedFile implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(FollowedFile.class);

    /** Where the path's reading stands. */
    public enum State {
        /** Reading the file the path names. */
        FOLLOWING,
        /** Reading the path's previous file (rotated away) to its end before switching to the new one. */
        DRAINING,
        /** The path names no file; waiting for one to appear (single-file mode) or to be dropped. */
        GONE,
        /** The file is the same as another path's (renamed there); that path reads it. */
        ALIAS,
        /** Finished and handed to the completed-file action; not read any more. */
        COMPLETING
    }

    /**
     * What the source passes to every followed file.
     *
     * @param followedElsewhere in directory mode, whether a path is (or is about to be) followed on its
     *                          own: a previous file renamed there is read under that name, not drained
     *                          here; null in single-file mode
     */
    public record Settings(Framing framing, String topic, int bufferBytes, long pollIntervalMs, long minAgeMs,
                           boolean finishWhenIdle, boolean headers, Path root, Predicate<Path> followedElsewhere) {
    }

    private final Path path;
    private final Map<String, String> partition;
    private final Settings settings;
    /** The physical file read: the path's, or while draining, its previous file where it was found. */
    private final PhysicalFile file;
    private final RecordCutter cutter;
    private final RotationTracker tracker;
    private FollowedFile aliasOf;
    private boolean dirty = true;
    private long nextCheck;

    public FollowedFile(Path path, Settings settings) {
        this.path = path;
        this.partition = SourcePosition.partition(path.toString());
        this.settings = settings;
        this.file = new PhysicalFile(path, settings.bufferBytes());
        this.cutter = new RecordCutter(file, path, partition, settings);
        this.tracker = new RotationTracker(path, settings, file, cutter);
    }

    public Path path() {
        return path;
    }

    public Map<String, String> partition() {
        return partition;
    }

    public State state() {
        return tracker.state();
    }

    /** Bytes of the current file consumed by records sent so far. */
    public long position() {
        return file.position();
    }

    public long generation() {
        return tracker.generation();
    }

    public FileIdentity identity() {
        return file.identity();
    }

    public SourcePosition.Previous previous() {
        return tracker.previous();
    }

    /** Whether the current file was finished (its tail sent) and nothing new arrived since. */
    public boolean finished() {
        return tracker.finished();
    }

    /** Whether a record was sent from the current file by this task. */
    public boolean emittedAny() {
        return cutter.emittedAny();
    }

    /** Marks the file as possibly changed (a folder scan saw it change): it is looked at on the next poll. */
    public void markDirty() {
        dirty = true;
    }

    /**
     * Opens the path where {@code stored} left it: the same file (key and first bytes) at the stored
     * position; a rewritten or truncated file from byte 0; a rotated file's predecessor, found next to
     * the path by its identity, from the stored position (then the new file); else the new file from 0.
     */
    public void open(SourcePosition stored) throws IOException {
        tracker.open(stored);
    }

    /** Follows {@code owner}'s file, which this path names too (a rename), without reading it twice. */
    public void aliasOf(FollowedFile owner) {
        this.aliasOf = owner;
        tracker.alias();
    }

    /**
     * Adds up to {@code max - out.size()} records: what is buffered, then what can be read; at the
     * end of the data, and at most once per poll interval unless marked dirty, looks at the path for
     * rotation, truncation and idleness.
     */
    public void poll(List<SourceRecord> out, int max, long now) throws IOException {
        try {
            pollFile(out, max, now);
        } catch (NoSuchFileException e) {
            // Removed between a look and an open: the next look sees it gone.
            log.debug("{} disappeared while being opened: {}", path, e.getMessage());
            dirty = true;
        }
    }

    private void pollFile(List<SourceRecord> out, int max, long now) throws IOException {
        if (tracker.state() == State.COMPLETING) {
            return;
        }
        if (tracker.state() == State.ALIAS) {
            checkAlias();
            if (tracker.state() == State.ALIAS) {
                return;
            }
        }
        for (int round = 0; round < 3 && out.size() < max; round++) {
            if (file.isOpen() && settings.framing().delimited()) {
                if (file.eof() && !tracker.sameFileSinceEof()) {
                    continue;
                }
                readAndCut(out, max);
                if (out.size() >= max || !file.eof()) {
                    return;
                }
            }
            // A finished file whose handle was released is looked at only when a folder scan saw it change.
            boolean released = tracker.state() == State.FOLLOWING && !file.isOpen() && tracker.finished();
            if (!dirty && (released || now < nextCheck)) {
                return;
            }
            dirty = false;
            nextCheck = now + settings.pollIntervalMs();
            if (!tracker.check(out, now)) {
                return;
            }
        }
    }

    /** Cuts buffered records, reading more until the buffer has no complete record and the file no bytes. */
    private void readAndCut(List<SourceRecord> out, int max) throws IOException {
        while (out.size() < max) {
            if (settings.framing().delimited()) {
                cutter.cut(out, max, tracker.generation(), tracker.previous());
                if (out.size() >= max) {
                    return;
                }
            }
            if (file.read() <= 0) {
                return;
            }
            tracker.bytesRead();
        }
    }

    /** Whether the file is done in directory mode: finished, unchanged, nothing buffered. */
    public boolean readyToComplete() {
        return tracker.finished() && tracker.state() == State.FOLLOWING && !file.hasBuffered();
    }

    /** Stops reading: the completed-file action takes the file over. */
    public void beginCompleting() {
        tracker.completing();
        file.close();
    }

    /** Goes back to following (the completed-file action did not apply: the file changed). */
    public void resumeFollowing() {
        tracker.resumeFollowing();
        dirty = true;
    }

    /** Releases the file handle and buffer of a finished file (directory mode keeps few files open). */
    public void release() {
        if (tracker.finished() && !file.hasBuffered()) {
            file.close();
            file.clear();
        }
    }

    private void checkAlias() throws IOException {
        FollowedFile owner = aliasOf;
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        if (attributes == null) {
            tracker.gone();
            aliasOf = null;
            return;
        }
        String fileKey = FileIdentity.keyOf(attributes);
        if (owner.reads(fileKey)) {
            return;
        }
        SourcePosition.Previous ownerPrevious = owner.previous();
        long position = ownerPrevious != null && ownerPrevious.identity().key().equals(fileKey)
                ? ownerPrevious.position() : owner.position();
        log.info("{} is the previous file of {}, read up to byte {}; following it from there", path, owner.path, position);
        aliasOf = null;
        tracker.resumeAt(fileKey, Math.min(position, attributes.size()));
    }

    /** Whether this path is reading the file with {@code fileKey} now. */
    private boolean reads(String fileKey) {
        State state = tracker.state();
        return (state == State.FOLLOWING || state == State.DRAINING) && file.key().equals(fileKey);
    }

    /** Whether this path currently reads (or just finished) the file with {@code fileKey}. */
    public boolean owns(String fileKey) {
        if (fileKey.isEmpty()) {
            return false;
        }
        SourcePosition.Previous previous = tracker.previous();
        return reads(fileKey) || previous != null && previous.identity().key().equals(fileKey);
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return path + " [" + tracker.state() + ", byte " + position() + ", generation " + tracker.generation() + "]";
    }
}
