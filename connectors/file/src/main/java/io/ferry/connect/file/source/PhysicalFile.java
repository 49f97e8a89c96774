package io.ferry.connect.file.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical file a followed path reads, and how far: its handle (none while released), its
 * identity (file key and a checksum of its first bytes, extended as they are read), the file
 * position reached, and the bytes read but not yet cut into records: {@code bytes()[start(), end())}.
 * Reads large blocks with positional reads; the buffer grows for longer records. Not thread-safe.
 */
final class PhysicalFile {

    /** FollowedFile's logger: the classes that follow a path log under one name. */
    private static final Logger log = LoggerFactory.getLogger(FollowedFile.class);
    private static final byte[] EMPTY = new byte[0];
    /** The largest record of file mode (a Java array's limit). */
    private static final long MAX_WHOLE_FILE_RECORD = Integer.MAX_VALUE - 16;

    private final int bufferBytes;
    private final CRC32 headCrc = new CRC32();
    private FileChannel channel;
    /** The file read: the followed path, or while draining, where its previous file was found. */
    private Path path;
    private String key = "";
    private int headLength;
    private FileIdentity identity;

    private byte[] buf = EMPTY;
    private int start;
    private int end;
    private int scanFrom;
    /** The file position of {@code buf[end]}. */
    private long readPosition;
    private boolean eof;

    PhysicalFile(Path path, int bufferBytes) {
        this.path = path;
        this.bufferBytes = bufferBytes;
    }

    /** Whether a handle is open (not released or closed). */
    boolean isOpen() {
        return channel != null;
    }

    Path path() {
        return path;
    }

    String key() {
        return key;
    }

    /** The file's key and the checksum of its first bytes read so far. */
    FileIdentity identity() {
        if (identity == null) {
            identity = new FileIdentity(key, headCrc.getValue(), headLength);
        }
        return identity;
    }

    /** Bytes of the file consumed by records cut so far. */
    long position() {
        return readPosition - (end - start);
    }

    /** The file position up to which bytes were read into the buffer. */
    long readPosition() {
        return readPosition;
    }

    /** The file position of {@code bytes()[index]}. */
    long filePosition(int index) {
        return readPosition - (end - index);
    }

    /** Whether the last read found no more bytes. */
    boolean eof() {
        return eof;
    }

    /** Notes that the file grew since the last read found no more bytes. */
    void moreToRead() {
        eof = false;
    }

    byte[] bytes() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** Whether bytes were read that no record took yet. */
    boolean hasBuffered() {
        return end > start;
    }

    /**
     * Opens {@code file} (file key {@code fileKey}) to read from {@code position}, with an empty
     * buffer; the checksum covers the bytes before {@code position}, up to {@link FileIdentity#HEAD_MAX}.
     */
    void open(Path file, String fileKey, long position) throws IOException {
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        close();
        channel = opened;
        path = file;
        key = fileKey;
        start = 0;
        end = 0;
        scanFrom = 0;
        readPosition = position;
        eof = false;
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

    /** Goes on reading this file under its other name {@code file}, where it stands, keeping the buffered bytes. */
    void openElsewhere(Path file) throws IOException {
        long at = position();
        byte[] keep = Arrays.copyOfRange(buf, start, end);
        open(file, key, at + keep.length);
        System.arraycopy(keep, 0, buf, 0, keep.length);
        end = keep.length;
        readPosition = at + keep.length;
    }

    /** Opens a new handle on {@code file} (this file, released before) at the position reached. */
    void reopen(Path file) throws IOException {
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
        close();
        channel = opened;
        eof = false;
    }

    /** The file's size now. */
    long size() throws IOException {
        return channel.size();
    }

    /**
     * How the open file, now {@code size} bytes long, changed in place since it was read: "truncated"
     * (shorter than what was read), "rewritten" (its first bytes differ); null if it did not.
     */
    String changedInPlace(long size) throws IOException {
        if (size < readPosition) {
            return "truncated";
        }
        if (headLength > 0 && FileIdentity.checksum(channel, headLength) != headCrc.getValue()) {
            return "rewritten";
        }
        return null;
    }

    /** Reads a block after the buffered bytes (making room first if the buffer is full); returns the bytes read. */
    int read() throws IOException {
        if (end == buf.length) {
            makeRoom();
        }
        int read = channel.read(ByteBuffer.wrap(buf, end, buf.length - end), readPosition);
        if (read <= 0) {
            eof = true;
            return read;
        }
        eof = false;
        append(read);
        return read;
    }

    /** Reads the rest of the file into the buffer (file mode: the record is the whole rest). */
    void readRest() throws IOException {
        if (channel == null) {
            return;
        }
        long remaining = channel.size() - readPosition;
        if (remaining > MAX_WHOLE_FILE_RECORD - (end - start)) {
            throw new ConnectException(path + " has " + remaining + " bytes more than were sent: too large for one record "
                    + "(record.mode=file)");
        }
        int needed = (int) (end - start + remaining);
        if (buf.length - start < needed) {
            byte[] bigger = new byte[Math.max(needed, bufferBytes)];
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
            append(read);
        }
    }

    /**
     * The index of the first delimiter in the buffered bytes after those already searched, or -1;
     * then the next search resumes where a delimiter may have started.
     */
    int nextDelimiter(Framing framing) {
        int at = framing.indexOf(buf, start, scanFrom, end);
        if (at < 0) {
            scanFrom = framing.resumeFrom(start, end);
        }
        return at;
    }

    /** Marks the bytes before {@code index} as taken by records. */
    void consume(int index) {
        start = index;
        scanFrom = index;
    }

    /** Drops the buffer (its bytes were taken or are not needed again). */
    void clear() {
        buf = EMPTY;
        start = 0;
        end = 0;
        scanFrom = 0;
    }

    /** Closes the handle, if any; the position and identity stay. */
    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing {} failed: {}", path, e.toString());
            }
            channel = null;
        }
    }

    private void append(int read) {
        updateHead(end, read);
        end += read;
        readPosition += read;
    }

    private void makeRoom() {
        if (start > 0) {
            int length = end - start;
            System.arraycopy(buf, start, buf, 0, length);
            scanFrom -= start;
            end = length;
            start = 0;
        } else {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufferBytes));
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
}
