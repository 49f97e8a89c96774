package io.ferry.broker.producer;

import io.ferry.broker.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition's producer state saved at a clean shutdown, so that the first write after a restart does not rebuild it
 * by reading every batch of the log. The file ({@value #FILE_NAME} in the partition's directory) holds the log end
 * offset it is valid for, the state and a CRC32C; it is used only when the log still ends at that offset, and it is
 * deleted when read, so a crash later can never leave a stale one behind. Anything unexpected means a rebuild from the
 * log, as without a snapshot.
 */
public final class ProducerStateSnapshot {

    public static final String FILE_NAME = "producer-state.snapshot";

    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateSnapshot.class);
    /** "FPS2" (producer entries carry the coordinator epoch); files of another format are ignored, state rebuilt. */
    private static final int MAGIC = 0x46505332;

    private ProducerStateSnapshot() {
    }

    /** Writes {@code state}, valid while the log ends at {@code logEndOffset}, atomically into {@code dir}. */
    public static void write(Path dir, long logEndOffset, ProducerStateManager state) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), encode(logEndOffset, state));
    }

    /** The file content for {@code state} as of {@code offset}: magic, offset, state, CRC32C (also used by checkpoints). */
    static byte[] encode(long offset, ProducerStateManager state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeLong(offset);
            state.writeTo(out);
        }
        byte[] body = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** The offset {@code content} ({@link #encode}) was saved at, after checking it whole. */
    static long offsetOf(byte[] content) throws IOException {
        if (content.length < 16) {
            throw new IOException("too short (" + content.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(content, 0, content.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(content, content.length - 4, 4).getInt()) {
            throw new IOException("CRC mismatch");
        }
        if (ByteBuffer.wrap(content).getInt() != MAGIC) {
            throw new IOException("unknown format");
        }
        return ByteBuffer.wrap(content, 4, 8).getLong();
    }

    /** Loads the state of {@code content} (checked by {@link #offsetOf}) into {@code state}. */
    static void decode(byte[] content, ProducerStateManager state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content, 12, content.length - 16));
        state.readFrom(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left over");
        }
    }

    /**
     * Loads into {@code state} what was saved in {@code dir}, if it is whole and was saved at {@code logEndOffset};
     * the file is deleted either way. False means {@code state} must be rebuilt from the log (it may be half-filled).
     */
    public static boolean take(Path dir, long logEndOffset, ProducerStateManager state) {
        Path file = dir.resolve(FILE_NAME);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warn("Cannot read producer state snapshot {}; rebuilding it from the log: {}", file, e.toString());
            return false;
        } finally {
            deleteQuietly(file);
        }
        try {
            long savedAt = offsetOf(content);
            if (savedAt != logEndOffset) {
                LOG.debug("Producer state snapshot {} is for log end offset {}, the log ends at {}; rebuilding from the log",
                        file, savedAt, logEndOffset);
                return false;
            }
            decode(content, state);
            return true;
        } catch (IOException e) {
            LOG.warn("Ignoring producer state snapshot {} ({}); rebuilding it from the log", file, e.getMessage());
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete producer state snapshot {}: {}", file, e.toString());
        }
    }
}
