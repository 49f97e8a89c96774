package io.ferry.connect.file;

import org.apache.kafka.connect.source.SourceRecord;

/** Views of the file source's records for tests. */
final class FileRecords {

    private FileRecords() {
    }

    /** The byte position stored with a source record (its offset's {@code position}). */
    static long position(SourceRecord record) {
        return ((Number) record.sourceOffset().get("position")).longValue();
    }
}
