package io.ferry.connect.file.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Cuts the bytes buffered from a followed path's {@link PhysicalFile} into source records by record
 * mode: in the delimited modes every complete record at once ({@link Framing}), the unterminated last
 * one when the file is finished; in file mode the whole rest of the file as one bytes record. Each
 * record's offset is the byte position after it; with {@code headers.enable} it carries NiFi's
 * attribute headers. Not thread-safe.
 */
final class RecordCutter {

    private final PhysicalFile file;
    private final Map<String, String> partition;
    private final Framing framing;
    private final String topic;
    private final boolean headers;
    private final String filename;
    private final String relativeDir;
    private final String absoluteDir;
    private boolean emittedAny;

    RecordCutter(PhysicalFile file, Path path, Map<String, String> partition, FollowedFile.Settings settings) {
        this.file = file;
        this.partition = partition;
        this.framing = settings.framing();
        this.topic = settings.topic();
        this.headers = settings.headers();
        this.filename = path.getFileName().toString();
        Path dir = path.getParent();
        Path relative = settings.root() == null || dir == null ? null : settings.root().relativize(dir);
        this.relativeDir = relative == null || relative.toString().isEmpty()
                ? "./" : relative.toString().replace('\\', '/') + "/";
        this.absoluteDir = dir == null ? "/" : dir.toString().endsWith("/") ? dir.toString() : dir + "/";
    }

    /** Whether a record was cut from the current file since {@link #newFile}. */
    boolean emittedAny() {
        return emittedAny;
    }

    /** Starts over with another file (or the same from another position). */
    void newFile() {
        emittedAny = false;
    }

    /**
     * Adds the buffered complete records (delimited modes), up to {@code max - out.size()}, with
     * offsets in the path's file {@code generation} after {@code previous}.
     */
    void cut(List<SourceRecord> out, int max, long generation, SourcePosition.Previous previous) {
        int delimiterLength = framing.delimiterLength();
        while (out.size() < max) {
            int at = file.nextDelimiter(framing);
            if (at < 0) {
                return;
            }
            int start = file.start();
            int next = at + delimiterLength;
            out.add(textRecord(start, framing.valueEnd(file.bytes(), start, at), next, generation, previous));
            file.consume(next);
        }
    }

    /**
     * Adds what is left of the file: its unterminated last record, or in file mode its content (an
     * empty file read from its start, not {@code resumed}, is one empty record).
     */
    void finish(List<SourceRecord> out, long generation, SourcePosition.Previous previous, boolean resumed)
            throws IOException {
        if (framing.delimited()) {
            int end = file.end();
            if (end > file.start()) {
                out.add(textRecord(file.start(), end, end, generation, previous));
                file.consume(end);
            }
        } else {
            file.readRest();
            int start = file.start();
            int end = file.end();
            if (end > start || (file.readPosition() == 0 && !resumed && !emittedAny)) {
                byte[] value = Arrays.copyOfRange(file.bytes(), start, end);
                out.add(record(Schema.BYTES_SCHEMA, value, start, end, generation, previous));
            }
            file.clear();
        }
    }

    private SourceRecord textRecord(int valueStart, int valueEnd, int next, long generation, SourcePosition.Previous previous) {
        String value = framing.decode(file.bytes(), valueStart, valueEnd);
        return record(Schema.STRING_SCHEMA, value, valueStart, next, generation, previous);
    }

    private SourceRecord record(Schema schema, Object value, int recordStart, int next, long generation,
                                SourcePosition.Previous previous) {
        long offset = file.filePosition(recordStart);
        long after = file.filePosition(next);
        emittedAny = true;
        SourcePosition position = new SourcePosition(after, file.identity(), generation, previous);
        if (!headers) {
            return new SourceRecord(partition, position.toMap(), topic, null, null, null, schema, value, null);
        }
        ConnectHeaders connectHeaders = new ConnectHeaders();
        connectHeaders.addString("filename", filename);
        connectHeaders.addString("path", relativeDir);
        connectHeaders.addString("absolute.path", absoluteDir);
        connectHeaders.addLong("file.offset", offset);
        connectHeaders.addLong("file.generation", generation);
        return new SourceRecord(partition, position.toMap(), topic, null, null, null, schema, value, null, connectHeaders);
    }
}
