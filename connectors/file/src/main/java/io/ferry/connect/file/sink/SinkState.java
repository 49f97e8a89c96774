package io.ferry.connect.file.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;

/**
 * What the sink made durable, in one small sidecar file next to the output: the active file, its
 * length, and the offsets (next to consume) of the records in it and in the files before it, plus,
 * with deduplication, the last source position written per source file. Written atomically:
 * temporary file, fsync, rename, fsync of the folder; after a crash the output is cut back to
 * {@link #length} and consumption resumes at {@link #offsets}.
 */
public final class SinkState {

    private static final String VERSION = "1";
    private static final String OFFSET_PREFIX = "offset.";
    private static final String SOURCE_PREFIX = "source.";

    /** The last source position written for one source file, and the partition it came through. */
    record SourceMark(long generation, long offset, String partition) {
    }

    String file;
    long sequence;
    long length;
    long openedAt;
    final Map<TopicPartition, Long> offsets = new HashMap<>();
    final Map<String, SourceMark> sources = new HashMap<>();

    /** The state stored in {@code path}, or null if there is none. */
    public static SinkState read(Path path) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!VERSION.equals(props.getProperty("version"))) {
            throw new IOException("Unknown sink state format in " + path + " (version " + props.getProperty("version") + ")");
        }
        SinkState state = new SinkState();
        try {
            state.file = require(props, "file", path);
            state.sequence = Long.parseLong(require(props, "sequence", path));
            state.length = Long.parseLong(require(props, "length", path));
            state.openedAt = Long.parseLong(require(props, "opened", path));
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith(OFFSET_PREFIX)) {
                    String rest = key.substring(OFFSET_PREFIX.length());
                    int dot = rest.indexOf('.');
                    state.offsets.put(new TopicPartition(rest.substring(dot + 1), Integer.parseInt(rest.substring(0, dot))),
                            Long.parseLong(props.getProperty(key)));
                } else if (key.startsWith(SOURCE_PREFIX)) {
                    String[] mark = props.getProperty(key).split(" ", 3);
                    state.sources.put(key.substring(SOURCE_PREFIX.length()),
                            new SourceMark(Long.parseLong(mark[0]), Long.parseLong(mark[1]), mark[2]));
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("Unreadable sink state " + path + ": " + e, e);
        }
        return state;
    }

    private static String require(Properties props, String key, Path path) throws IOException {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IOException("The sink state " + path + " has no " + key);
        }
        return value;
    }

    /** Replaces the state in {@code path} atomically and durably. */
    public void write(Path path) throws IOException {
        Properties props = new Properties();
        props.setProperty("version", VERSION);
        props.setProperty("file", file);
        props.setProperty("sequence", Long.toString(sequence));
        props.setProperty("length", Long.toString(length));
        props.setProperty("opened", Long.toString(openedAt));
        offsets.forEach((tp, offset) -> props.setProperty(OFFSET_PREFIX + tp.partition() + "." + tp.topic(), Long.toString(offset)));
        sources.forEach((source, mark) -> props.setProperty(SOURCE_PREFIX + source,
                mark.generation() + " " + mark.offset() + " " + mark.partition()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        props.store(bytes, "Ferry file sink: the output file's committed length and the offsets in it. Do not edit.");
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(path.getParent());
    }

    /** Makes a rename or a new file in {@code folder} durable (where the platform allows it). */
    static void syncFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported on every platform (Windows); the rename itself is atomic.
        }
    }
}
