package io.ferry.connect.file.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
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
 * the charset. Not thread-safe: the source task calls it from its poll thread.
 */
public final class FollowedFile implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(FollowedFile.class);
    private static final byte[] EMPTY = new byte[0];
    /** The largest record of file mode (a Java array's limit). */
    private static final long MAX_WHOLE_FILE_RECORD = Integer.MAX_VALUE - 16;

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
    private final String filename;
    private final String relativeDir;
    private final String absoluteDir;

    private State state = State.FOLLOWING;
    private FileChannel channel;
    /** The physical file read: the path, or while draining, where the previous file was found. */
    private Path physical;
    private String key = "";
    private final CRC32 headCrc = new CRC32();
    private int headLength;
    private FileIdentity identity;
    private long generation;
    private SourcePosition.Previous previous;
    private FollowedFile aliasOf;

    private byte[] buf;
    private int start;
    private int end;
    private int scanFrom;
    /** The file position of {@code buf[end]}. */
    private long readPosition;
    private boolean eof;
    private boolean finished;
    private boolean emittedAny;
    /** Whether the position came from a stored offset (then an empty file was already handled). */
    private boolean resumed;
    private boolean dirty = true;
    private long nextCheck;

    public FollowedFile(Path path, Settings settings) {
        this.path = path;
        this.partition = SourcePosition.partition(path.toString());
        this.settings = settings;
        this.physical = path;
        this.buf = EMPTY;
        this.filename = path.getFileName().toString();
        Path dir = path.getParent();
        Path relative = settings.root() == null || dir == null ? null : settings.root().relativize(dir);
        this.relativeDir = relative == null || relative.toString().isEmpty() ? "./" : relative.toString().replace('\\', '/') + "/";
        this.absoluteDir = dir == null ? "/" : dir.toString().endsWith("/") ? dir.toString() : dir + "/";
    }

    public Path path() {
        return path;
    }

    public Map<String, String> partition() {
        return partition;
    }

    public State state() {
        return state;
    }

    /** Bytes of the current file consumed by records sent so far. */
    public long position() {
        return readPosition - (end - start);
    }

    public long generation() {
        return generation;
    }

    public FileIdentity identity() {
        if (identity == null) {
            identity = new FileIdentity(key, headCrc.getValue(), headLength);
        }
        return identity;
    }

    public SourcePosition.Previous previous() {
        return previous;
    }

    /** Whether the current file was finished (its tail sent) and nothing new arrived since. */
    public boolean finished() {
        return finished;
    }

    /** Whether a record was sent from the current file by this task. */
    public boolean emittedAny() {
        return emittedAny;
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

    /** Follows {@code owner}'s file, which this path names too (a rename), without reading it twice. */
    public void aliasOf(FollowedFile owner) {
        this.aliasOf = owner;
        this.state = State.ALIAS;
    }

    private void startNewFile(BasicFileAttributes attributes) throws IOException {
        if (attributes == null) {
            state = State.GONE;
            return;
        }
        openAt(path, FileIdentity.keyOf(attributes), 0);
    }

    private void openAt(Path file, String fileKey, long position) throws IOException {
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        closeChannel();
        channel = opened;
        physical = file;
        key = fileKey;
        state = file.equals(path) ? State.FOLLOWING : State.DRAINING;
        start = 0;
        end = 0;
        scanFrom = 0;
        readPosition = position;
        eof = false;
        finished = false;
        emittedAny = false;
        resumed = false;
        headCrc.reset();
        headLength = 0;
        identity = null;
        int head = (int) Math.min(position, FileIdentity.HEAD_MAX);
        if (head > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(head);
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // positional reads until the head is complete
            }
            headCrc.update(bytes.array(), 0, bytes.position());
            headLength = bytes.position();
        }
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
        if (state == State.COMPLETING) {
            return;
        }
        if (state == State.ALIAS) {
            checkAlias();
            if (state == State.ALIAS) {
                return;
            }
        }
        for (int round = 0; round < 3 && out.size() < max; round++) {
            if (channel != null && settings.framing().delimited()) {
                if (eof && !sameFileSinceEof()) {
                    continue;
                }
                readAndCut(out, max);
                if (out.size() >= max || !eof) {
                    return;
                }
            }
            // A finished file whose handle was released is looked at only when a folder scan saw it change.
            boolean released = state == State.FOLLOWING && channel == null && finished;
            if (!dirty && (released || now < nextCheck)) {
                return;
            }
            dirty = false;
            nextCheck = now + settings.pollIntervalMs();
            if (!check(out, now)) {
                return;
            }
        }
    }

    /**
     * Before reading bytes that arrived after the end of the data was reached: whether the file is
     * still the one read (not truncated, not rewritten in place); if not, reading restarts at 0.
     */
    private boolean sameFileSinceEof() throws IOException {
        long size = channel.size();
        if (size == readPosition) {
            return true;
        }
        if (size < readPosition) {
            restartFromZero("truncated");
            return false;
        }
        if (headLength > 0 && FileIdentity.checksum(channel, headLength) != headCrc.getValue()) {
            restartFromZero("rewritten");
            return false;
        }
        return true;
    }

    /** Cuts buffered records, reading more until the buffer has no complete record and the file no bytes. */
    private void readAndCut(List<SourceRecord> out, int max) throws IOException {
        while (out.size() < max) {
            if (settings.framing().delimited()) {
                cut(out, max);
                if (out.size() >= max) {
                    return;
                }
            }
            if (end == buf.length) {
                makeRoom();
            }
            int read = channel.read(ByteBuffer.wrap(buf, end, buf.length - end), readPosition);
            if (read <= 0) {
                eof = true;
                return;
            }
            eof = false;
            finished = false;
            updateHead(end, read);
            end += read;
            readPosition += read;
        }
    }

    private void cut(List<SourceRecord> out, int max) {
        Framing framing = settings.framing();
        int delimiterLength = framing.delimiterLength();
        while (out.size() < max) {
            int at = framing.indexOf(buf, start, scanFrom, end);
            if (at < 0) {
                scanFrom = framing.resumeFrom(start, end);
                return;
            }
            out.add(textRecord(start, framing.valueEnd(buf, start, at), at + delimiterLength));
            start = at + delimiterLength;
            scanFrom = start;
        }
    }

    private void makeRoom() {
        if (start > 0) {
            int length = end - start;
            System.arraycopy(buf, start, buf, 0, length);
            scanFrom -= start;
            end = length;
            start = 0;
        } else {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, settings.bufferBytes()));
        }
    }

    private void updateHead(int from, int length) {
        if (headLength < FileIdentity.HEAD_MAX && readPosition == headLength) {
            int take = Math.min(length, FileIdentity.HEAD_MAX - headLength);
            headCrc.update(buf, from, take);
            headLength += take;
            identity = null;
        }
    }

    private SourceRecord textRecord(int valueStart, int valueEnd, int next) {
        String value = settings.framing().decode(buf, valueStart, valueEnd);
        return record(Schema.STRING_SCHEMA, value, valueStart, next);
    }

    private SourceRecord record(Schema schema, Object value, int recordStart, int next) {
        long offset = readPosition - (end - recordStart);
        long after = readPosition - (end - next);
        emittedAny = true;
        SourcePosition position = new SourcePosition(after, identity(), generation, previous);
        if (!settings.headers()) {
            return new SourceRecord(partition, position.toMap(), settings.topic(), null, null, null, schema, value, null);
        }
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("filename", filename);
        headers.addString("path", relativeDir);
        headers.addString("absolute.path", absoluteDir);
        headers.addLong("file.offset", offset);
        headers.addLong("file.generation", generation);
        return new SourceRecord(partition, position.toMap(), settings.topic(), null, null, null, schema, value, null, headers);
    }

    /**
     * Looks at the path once the data is exhausted. Returns whether reading may go on in this poll
     * (a new file was opened, or more bytes are there).
     */
    private boolean check(List<SourceRecord> out, long now) throws IOException {
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        switch (state) {
            case DRAINING -> {
                finishCurrent(out);
                log.info("Finished the previous file of {} ({}) at byte {}; following the new file", path, physical, position());
                previous = new SourcePosition.Previous(identity(), position());
                generation++;
                closeChannel();
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
        if (attributes == null || !FileIdentity.sameKey(key, FileIdentity.keyOf(attributes))) {
            // Renamed away (rotation) or deleted: read what is left of the old file, then the new one.
            if (channel == null) {
                Path elsewhere = findElsewhere(identity());
                if (elsewhere == null || followedElsewhere(elsewhere)) {
                    if (elsewhere == null) {
                        log.warn("{} was replaced or deleted; its previous file is gone (read up to byte {})", path, position());
                    } else {
                        log.info("{} was rotated; its previous file is {}, followed under that name", path, elsewhere);
                    }
                    previous = new SourcePosition.Previous(identity(), position());
                    generation++;
                    startNewFile(attributes);
                    return state == State.FOLLOWING;
                }
                long at = position();
                int keepStart = start;
                int keepEnd = end;
                byte[] keep = Arrays.copyOfRange(buf, keepStart, keepEnd);
                openAt(elsewhere, key, at + keep.length);
                System.arraycopy(keep, 0, buf, 0, keep.length);
                end = keep.length;
                readPosition = at + keep.length;
            }
            log.info("{} was {}; reading its previous file to the end first", path, attributes == null ? "removed" : "rotated");
            state = State.DRAINING;
            return true;
        }
        if (channel == null) {
            if (!identity().matches(path, attributes) || attributes.size() < readPosition) {
                restartFromZero(attributes.size() < readPosition ? "truncated" : "rewritten");
                return true;
            }
            if (attributes.size() == readPosition || !settings.framing().delimited()) {
                return idle(attributes, out, now);
            }
            reopen();
            return true;
        }
        long size = channel.size();
        if (size < readPosition) {
            restartFromZero("truncated");
            return true;
        }
        if (headLength > 0 && FileIdentity.checksum(channel, headLength) != headCrc.getValue()) {
            restartFromZero("rewritten");
            return true;
        }
        if (size > readPosition && settings.framing().delimited()) {
            eof = false;
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
        if (attributes.size() > readPosition || (readPosition == 0 && !resumed && !emittedAny && !finished)) {
            if (channel == null) {
                reopen();
            }
            finishCurrent(out);
        } else {
            finished = true;
        }
        return false;
    }

    private void reopen() throws IOException {
        long at = readPosition;
        FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
        closeChannel();
        channel = opened;
        readPosition = at;
        eof = false;
    }

    private void restartFromZero(String what) throws IOException {
        log.info("{} was {} (read up to byte {}); reading it from the start", path, what, readPosition);
        generation++;
        previous = null;
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        startNewFile(attributes);
    }

    /** Sends what is left of the current file: its unterminated last record, or in file mode its content. */
    private void finishCurrent(List<SourceRecord> out) throws IOException {
        if (settings.framing().delimited()) {
            if (end > start) {
                out.add(textRecord(start, end, end));
                start = end;
                scanFrom = end;
            }
        } else {
            readRest();
            if (end > start || (readPosition == 0 && !resumed && !emittedAny)) {
                out.add(record(Schema.BYTES_SCHEMA, Arrays.copyOfRange(buf, start, end), start, end));
            }
            buf = EMPTY;
            start = 0;
            end = 0;
            scanFrom = 0;
        }
        finished = true;
    }

    /** Reads the rest of the file into the buffer (file mode: the record is the whole rest). */
    private void readRest() throws IOException {
        if (channel == null) {
            return;
        }
        long remaining = channel.size() - readPosition;
        if (remaining > MAX_WHOLE_FILE_RECORD - (end - start)) {
            throw new ConnectException(physical + " has " + remaining + " bytes more than were sent: too large for one record "
                    + "(record.mode=file)");
        }
        int needed = (int) (end - start + remaining);
        if (buf.length - start < needed) {
            byte[] bigger = new byte[Math.max(needed, settings.bufferBytes())];
            System.arraycopy(buf, start, bigger, 0, end - start);
            end -= start;
            scanFrom = Math.max(0, scanFrom - start);
            start = 0;
            buf = bigger;
        }
        while (end < buf.length) {
            int read = channel.read(ByteBuffer.wrap(buf, end, buf.length - end), readPosition);
            if (read <= 0) {
                break;
            }
            updateHead(end, read);
            end += read;
            readPosition += read;
        }
    }

    /** Whether the file is done in directory mode: finished, unchanged, nothing buffered. */
    public boolean readyToComplete() {
        return finished && state == State.FOLLOWING && end == start;
    }

    /** Stops reading: the completed-file action takes the file over. */
    public void beginCompleting() {
        state = State.COMPLETING;
        closeChannel();
    }

    /** Goes back to following (the completed-file action did not apply: the file changed). */
    public void resumeFollowing() {
        state = State.FOLLOWING;
        finished = false;
        dirty = true;
    }

    /** Releases the file handle and buffer of a finished file (directory mode keeps few files open). */
    public void release() {
        if (finished && end == start) {
            closeChannel();
            buf = EMPTY;
            start = 0;
            end = 0;
            scanFrom = 0;
        }
    }

    private void checkAlias() throws IOException {
        FollowedFile owner = aliasOf;
        BasicFileAttributes attributes = FileIdentity.attributes(path);
        if (attributes == null) {
            state = State.GONE;
            aliasOf = null;
            return;
        }
        String fileKey = FileIdentity.keyOf(attributes);
        if (owner.reads(fileKey)) {
            return;
        }
        long position = owner.previous != null && owner.previous.identity().key().equals(fileKey)
                ? owner.previous.position() : owner.position();
        log.info("{} is the previous file of {}, read up to byte {}; following it from there", path, owner.path, position);
        aliasOf = null;
        openAt(path, fileKey, Math.min(position, attributes.size()));
        resumed = true;
    }

    /** Whether this path is reading the file with {@code fileKey} now. */
    private boolean reads(String fileKey) {
        return (state == State.FOLLOWING || state == State.DRAINING) && key.equals(fileKey);
    }

    /** Whether this path currently reads (or just finished) the file with {@code fileKey}. */
    public boolean owns(String fileKey) {
        if (fileKey.isEmpty()) {
            return false;
        }
        return reads(fileKey) || previous != null && previous.identity().key().equals(fileKey);
    }

    private boolean followedElsewhere(Path file) {
        return settings.followedElsewhere() != null && settings.followedElsewhere().test(file);
    }

    /** A file next to the path (not the path itself) that is {@code wanted}, or null. */
    private Path findElsewhere(FileIdentity wanted) throws IOException {
        return wanted.findNextTo(path);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing {} failed: {}", physical, e.toString());
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }

    @Override
    public String toString() {
        return path + " [" + state + ", byte " + position() + ", generation " + generation + "]";
    }
}
