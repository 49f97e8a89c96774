package io.ferry.connect.file.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Takes over where Apache's FileStreamSource stopped when a connector changes only its
 * {@code connector.class}: FileStream stores {@code {"filename": <file as configured>}} →
 * {@code {"position": <characters>}}, counting UTF-16 chars of the UTF-8 decoded file (which is why it
 * resumes at the wrong byte after multi-byte characters). This converts that count to a byte
 * position by walking the file's UTF-8 sequences.
 */
public final class FileStreamOffsets {

    /** FileStream's partition key. */
    public static final String FILENAME = "filename";

    private FileStreamOffsets() {
    }

    /** FileStream's source partition for the file as configured. */
    public static Map<String, String> partition(String configuredFile) {
        return Map.of(FILENAME, configuredFile);
    }

    /** FileStream's stored character count, or -1. */
    public static long characters(Map<String, Object> offset) {
        return offset != null && offset.get("position") instanceof Number n ? n.longValue() : -1;
    }

    /**
     * The byte position after the first {@code chars} UTF-16 chars of the UTF-8 file, or -1 if the
     * file has fewer.
     */
    public static long bytePosition(Path file, long chars) throws IOException {
        if (chars <= 0) {
            return 0;
        }
        long counted = 0;
        long bytes = 0;
        int pending = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    int b = buffer[i] & 0xff;
                    if (pending > 0 && (b & 0xc0) == 0x80) {
                        bytes++;
                        if (--pending == 0 && counted >= chars) {
                            return bytes;
                        }
                        continue;
                    }
                    if (counted >= chars) {
                        return bytes;
                    }
                    bytes++;
                    if (b >= 0xf0 && b <= 0xf4) {
                        pending = 3;
                        counted += 2; // a supplementary character is two UTF-16 chars
                    } else if (b >= 0xe0 && b <= 0xef) {
                        pending = 2;
                        counted++;
                    } else if (b >= 0xc2 && b <= 0xdf) {
                        pending = 1;
                        counted++;
                    } else {
                        pending = 0;
                        counted++; // ASCII, or a malformed byte decoded as one replacement char
                    }
                    if (pending == 0 && counted >= chars) {
                        return bytes;
                    }
                }
            }
        }
        return counted >= chars ? bytes : -1;
    }
}
