package io.ferry.connect.file.source;

import io.ferry.connect.file.source.FollowedFile.State;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which physical file a followed path's records come from, and when that changes: where to start
 * from a stored position, and at the end of the data, rotation (the previous file is drained first),
 * truncation or a rewrite in place (reading starts over), a file appearing, and idleness (the file is
 * finished). Counts the path's files (the generation) and remembers the previous one. Not thread-safe.
 */
final class RotationTracker {

    /** FollowedFile's logger: the classes that follow a path log under one name. */
    private static final Logger log = LoggerFactory.getLogger(FollowedFile.class);

    private final Path path;
    private final FollowedFile.Settings settings;
    private final PhysicalFile file;
    private final RecordCutter cutter;

    private State state = State.FOLLOWING;
    private long generation;
    private SourcePosition.Previous previous;
    private boolean finished;
    /** Whether the position came from a stored offset (then an empty file was already handled). */
    private boolean resumed;

    RotationTracker(Path path, FollowedFile.Settings settings, PhysicalFile file, RecordCutter cutter) {
        this.path = path;
        this.settings = settings;
        this.file = file;
        this.cutter = cutter;
    }

    /**
     * Opens the path where {@code stored} left it: the same file (key and first bytes) at the stored
     * position; a rewritten or truncated file from byte 0; a rotated file's predecessor, found next to
     * the path by its identity, from the stored position (then the new file); else the new file from 0.
     */
    void open(SourcePosition stored) throws IOException {
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        if (stored == null) {
            startNewFile(attributes);
            return;
        }
        generation = stored.generation();
        previous = stored.previous();
        if (attributes != null && stored.identity().matches(path, attributes) && attributes.size() >= stored.position()) {
            openAt(path, FileIdentity.keyOf(attributes), stored.position());
            resumed = true;
            log.info("Resuming {} at byte {} (generation {})", path, stored.position(), generation);
            return;
        }
        if (attributes != null && FileIdentity.sameKey(stored.identity().key(), FileIdentity.keyOf(attributes))
                && !stored.identity().key().isEmpty()) {
            log.info("{} was truncated or rewritten while the connector was stopped (it had been read up to byte {}); "
                    + "reading it from the start", path, stored.position());
            generation++;
            previous = null;
            startNewFile(attributes);
            return;
        }
        Path rotated = findElsewhere(stored.identity());
        if (rotated != null && followedElsewhere(rotated)) {
            log.info("{} was rotated while the connector was stopped; its previous file is {}, followed under that name",
                    path, rotated);
            generation++;
            previous = new SourcePosition.Previous(stored.identity(), stored.position());
            startNewFile(attributes);
            return;
        }
        if (rotated != null) {
            log.info("{} was rotated while the connector was stopped; finishing its previous file, now {}, from byte {}",
                    path, rotated, stored.position());
            openAt(rotated, stored.identity().key(), stored.position());
            resumed = true;
            state = State.DRAINING;
            return;
        }
        log.warn("{} was replaced while the connector was stopped and its previous file (read up to byte {}) is no "
                + "longer next to it; reading the new file from the start", path, stored.position());
        generation++;
        previous = new SourcePosition.Previous(stored.identity(), stored.position());
        startNewFile(attributes);
    }

    /** Follows the path's file (key {@code fileKey}) from {@code position}, which another path had reached. */
    void resumeAt(String fileKey, long position) throws IOException {
        openAt(path, fileKey, position);
        resumed = true;
    }

    State state() {
        return state;
    }

    long generation() {
        return generation;
    }

    SourcePosition.Previous previous() {
        return previous;
    }

    /** Whether the current file was finished (its tail sent) and nothing new arrived since. */
    boolean finished() {
        return finished;
    }

    /** Notes that bytes were read: the file is not finished (any more). */
    void bytesRead() {
        finished = false;
    }

    /** The path names a file another path reads. */
    void alias() {
        state = State.ALIAS;
    }

    /** The path names no file. */
    void gone() {
        state = State.GONE;
    }

    /** The completed-file action takes the file over. */
    void completing() {
        state = State.COMPLETING;
    }

    /** Back to following the file (the completed-file action did not apply). */
    void resumeFollowing() {
        state = State.FOLLOWING;
        finished = false;
    }

    private void startNewFile(BasicFileAttributes attributes) throws IOException {
        if (attributes == null) {
            state = State.GONE;
            return;
        }
        openAt(path, FileIdentity.keyOf(attributes), 0);
    }

    private void openAt(Path physical, String fileKey, long position) throws IOException {
        file.open(physical, fileKey, position);
        opened(physical);
    }

    /** Starts reading {@code physical}, just opened: the path's file, or its previous one elsewhere. */
    private void opened(Path physical) {
        state = physical.equals(path) ? State.FOLLOWING : State.DRAINING;
        finished = false;
        resumed = false;
        cutter.newFile();
    }

    /**
     * Before reading bytes that arrived after the end of the data was reached: whether the file is
     * still the one read (not truncated, not rewritten in place); if not, reading restarts at 0.
     */
    boolean sameFileSinceEof() throws IOException {
        long size = file.size();
        if (size == file.readPosition()) {
            return true;
        }
        String change = file.changedInPlace(size);
        if (change != null) {
            restartFromZero(change);
            return false;
        }
        return true;
    }

    /**
     * Looks at the path once the data is exhausted. Returns whether reading may go on in this poll
     * (a new file was opened, or more bytes are there).
     */
    boolean check(List<SourceRecord> out, long now) throws IOException {
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        switch (state) {
            case DRAINING -> {
                finishCurrent(out);
                log.info("Finished the previous file of {} ({}) at byte {}; following the new file", path, file.path(),
                        file.position());
                previous = new SourcePosition.Previous(file.identity(), file.position());
                generation++;
                file.close();
                startNewFile(attributes);
                return state == State.FOLLOWING;
            }
            case GONE -> {
                if (attributes == null) {
                    return false;
                }
                log.info("{} appeared; reading it from the start", path);
                startNewFile(attributes);
                return true;
            }
            default -> {
                return checkFollowed(attributes, out, now);
            }
        }
    }

    private boolean checkFollowed(BasicFileAttributes attributes, List<SourceRecord> out, long now) throws IOException {
        if (attributes == null || !FileIdentity.sameKey(file.key(), FileIdentity.keyOf(attributes))) {
            // Renamed away (rotation) or deleted: read what is left of the old file, then the new one.
            if (!file.isOpen()) {
                Path elsewhere = findElsewhere(file.identity());
                if (elsewhere == null || followedElsewhere(elsewhere)) {
                    if (elsewhere == null) {
                        log.warn("{} was replaced or deleted; its previous file is gone (read up to byte {})", path,
                                file.position());
                    } else {
                        log.info("{} was rotated; its previous file is {}, followed under that name", path, elsewhere);
                    }
                    previous = new SourcePosition.Previous(file.identity(), file.position());
                    generation++;
                    startNewFile(attributes);
                    return state == State.FOLLOWING;
                }
                file.openElsewhere(elsewhere);
                opened(elsewhere);
            }
            log.info("{} was {}; reading its previous file to the end first", path, attributes == null ? "removed" : "rotated");
            state = State.DRAINING;
            return true;
        }
        long readPosition = file.readPosition();
        if (!file.isOpen()) {
            if (!file.identity().matches(path, attributes) || attributes.size() < readPosition) {
                restartFromZero(attributes.size() < readPosition ? "truncated" : "rewritten");
                return true;
            }
            if (attributes.size() == readPosition || !settings.framing().delimited()) {
                return idle(attributes, out, now);
            }
            file.reopen(path);
            return true;
        }
        long size = file.size();
        String change = file.changedInPlace(size);
        if (change != null) {
            restartFromZero(change);
            return true;
        }
        if (size > readPosition && settings.framing().delimited()) {
            file.moreToRead();
            return true;
        }
        return idle(attributes, out, now);
    }

    /**
     * At the end of the data: with {@code finishWhenIdle}, once the file is older than the minimum
     * age, its last unterminated record is sent (delimited modes) or what was not sent yet becomes
     * one record (file mode; an empty file seen for the first time is one empty record).
     */
    private boolean idle(BasicFileAttributes attributes, List<SourceRecord> out, long now) throws IOException {
        if (!settings.finishWhenIdle() || now - attributes.lastModifiedTime().toMillis() < settings.minAgeMs()) {
            return false;
        }
        if (settings.framing().delimited()) {
            if (!finished) {
                finishCurrent(out);
            }
            return false;
        }
        long readPosition = file.readPosition();
        if (attributes.size() > readPosition || (readPosition == 0 && !resumed && !cutter.emittedAny() && !finished)) {
            if (!file.isOpen()) {
                file.reopen(path);
            }
            finishCurrent(out);
        } else {
            finished = true;
        }
        return false;
    }

    private void restartFromZero(String what) throws IOException {
        log.info("{} was {} (read up to byte {}); reading it from the start", path, what, file.readPosition());
        generation++;
        previous = null;
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        startNewFile(attributes);
    }

    /** Sends what is left of the current file: its unterminated last record, or in file mode its content. */
    private void finishCurrent(List<SourceRecord> out) throws IOException {
        cutter.finish(out, generation, previous, resumed);
        finished = true;
    }

    private boolean followedElsewhere(Path physical) {
        return settings.followedElsewhere() != null && settings.followedElsewhere().test(physical);
    }

    /** A file next to the path (not the path itself) that is {@code wanted}, or null. */
    private Path findElsewhere(FileIdentity wanted) throws IOException {
        return wanted.findNextTo(path);
    }
}
