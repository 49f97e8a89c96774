package io.ferry.connect.file.sink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the active output file, exactly once. Encoded records collect in a buffer that
 * reaches the file in one write per {@link #write} call (or per {@value #WRITE_THRESHOLD} bytes);
 * {@link #commit} fsyncs the file and then replaces the sidecar {@link SinkState} with the file's
 * length and the offsets of everything in it. On {@link #open} a longer file (bytes written after
 * the last commit) is cut back to the recorded length and the recorded offsets are where consumption
 * resumes; records below them are skipped if they arrive again. With a pattern, files roll by size
 * (at the first record boundary at or past it) and by age; the state names the next file before a
 * byte is written to it.
 */
public final class SinkWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SinkWriter.class);
    /** Buffered bytes that trigger a write within a batch. */
    static final int WRITE_THRESHOLD = 1 << 20;

    /** Where and how to write. */
    public record Settings(Path file, FileNamePattern pattern, long rollSizeBytes, long rollIntervalMs,
                           OutputFormat.Encoder encoder, boolean dedupe) {
        /** The sidecar state file: hidden, next to the output. */
        public Path stateFile() {
            if (file != null) {
                return file.resolveSibling("." + file.getFileName() + ".ferry-sink");
            }
            return pattern.folder().resolve("." + pattern.stateName() + ".ferry-sink");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Path stateFile;
    private final ByteSink buffer = new ByteSink(WRITE_THRESHOLD + 64 * 1024);
    private final SinkState state = new SinkState();
    /** The offsets (next to consume) of the records written, by original topic partition. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private FileChannel channel;
    private Path active;
    /** Bytes in the active file (written, not necessarily synced). */
    private long length;
    private boolean unsynced;
    /** Whether the active file is finished and the next record starts a new one (rolled files). */
    private boolean rolled;
    private boolean stateChanged;
    private String lastTopic;
    private int lastPartition = -1;
    private TopicPartition lastTp;

    public SinkWriter(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.stateFile = settings.stateFile();
    }

    /**
     * Recovers from the state file (cutting a torn tail) or starts a fresh one, and opens the active
     * file. Returns the offsets consumption must resume at.
     */
    public Map<TopicPartition, Long> open() throws IOException {
        SinkState stored = SinkState.read(stateFile);
        if (stored != null) {
            recover(stored);
        } else {
            start();
        }
        return Map.copyOf(next);
    }

    private void recover(SinkState stored) throws IOException {
        state.file = stored.file;
        state.sequence = stored.sequence;
        state.length = stored.length;
        state.openedAt = stored.openedAt;
        state.offsets.putAll(stored.offsets);
        state.sources.putAll(stored.sources);
        next.putAll(stored.offsets);
        if (stored.file.isEmpty()) {
            rolled = true;
            log.info("Resuming {} with offsets {}; no file started yet", settings.pattern(), next);
            return;
        }
        active = Path.of(stored.file);
        long size = Files.exists(active) ? Files.size(active) : 0;
        if (size < stored.length) {
            throw new ConnectException(active + " has " + size + " bytes, fewer than the " + stored.length
                    + " the sink made durable: it was changed outside the sink. Remove " + stateFile + " to start over");
        }
        channel = FileChannel.open(active, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (size > stored.length) {
            channel.truncate(stored.length);
            channel.force(true);
            log.warn("Cut {} back from {} to {} bytes: the tail was written after the last commit and its records "
                    + "will be written again", active, size, stored.length);
        }
        length = stored.length;
        log.info("Resuming {} at byte {} with offsets {}", active, length, next);
    }

    private void start() throws IOException {
        long now = clock.millis();
        if (settings.pattern() != null) {
            // The first file is started by the first record: no empty file for a topic without records.
            state.file = "";
            state.sequence = -1;
            state.openedAt = now;
            rolled = true;
            state.write(stateFile);
            log.info("Writing files {} (state in {})", settings.pattern(), stateFile);
            return;
        }
        active = settings.file();
        length = Files.exists(active) ? Files.size(active) : 0;
        state.file = active.toString();
        state.sequence = 0;
        state.length = length;
        state.openedAt = now;
        state.write(stateFile);
        channel = FileChannel.open(active, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        SinkState.syncFolder(active.getParent());
        log.info("Writing {} from byte {} (state in {})", active, length, stateFile);
    }

    /** The first sequence number from {@code from} whose file does not exist or is empty. */
    private long freeSequence(long from, long now) throws IOException {
        long n = from;
        while (true) {
            Path candidate = settings.pattern().render(n, Instant.ofEpochMilli(now));
            if (!Files.exists(candidate) || Files.size(candidate) == 0) {
                return n;
            }
            n++;
        }
    }

    /** Appends the records (those not written before), rolling files as configured. */
    public void write(Collection<SinkRecord> records) throws IOException {
        for (SinkRecord record : records) {
            TopicPartition tp = partitionOf(record);
            long offset = record.originalKafkaOffset();
            Long expected = next.get(tp);
            if (expected != null && offset < expected) {
                continue; // written before (redelivered after a rewind)
            }
            if (!rolled && settings.rollSizeBytes() > 0 && length + buffer.size() >= settings.rollSizeBytes()) {
                roll();
            }
            SourceFile source = null;
            if (settings.dedupe()) {
                source = sourceFile(record, tp);
                if (source != null && source.resent()) {
                    next.put(tp, offset + 1);
                    continue;
                }
            }
            if (rolled) {
                startNextFile();
            }
            settings.encoder().encode(record, buffer);
            next.put(tp, offset + 1);
            if (source != null) {
                state.sources.put(source.name(), source.mark());
                stateChanged = true;
            }
            if (buffer.size() >= WRITE_THRESHOLD) {
                drain();
            }
        }
        drain();
        if (!rolled && settings.rollIntervalMs() > 0 && length > 0 && clock.millis() - state.openedAt >= settings.rollIntervalMs()) {
            roll();
        }
    }

    private TopicPartition partitionOf(SinkRecord record) {
        String topic = record.originalTopic();
        int partition = record.originalKafkaPartition();
        if (partition != lastPartition || !topic.equals(lastTopic)) {
            lastTopic = topic;
            lastPartition = partition;
            lastTp = new TopicPartition(topic, partition);
        }
        return lastTp;
    }

    /** A record's source file (from the file source's headers) and whether it was written before. */
    private record SourceFile(String name, SinkState.SourceMark mark, boolean resent) {
    }

    /**
     * The source file position of a record from the file source (headers on), and whether it is not
     * past the last one written for that file: then the source sent it again after a crash. Null for
     * records without those headers.
     */
    private SourceFile sourceFile(SinkRecord record, TopicPartition tp) {
        String dir = text(record.headers().lastWithName("absolute.path"));
        String name = text(record.headers().lastWithName("filename"));
        Long offset = number(record.headers().lastWithName("file.offset"));
        Long generation = number(record.headers().lastWithName("file.generation"));
        if (dir == null || name == null || offset == null || generation == null) {
            return null;
        }
        String source = dir + name;
        String partition = tp.toString();
        SinkState.SourceMark last = state.sources.get(source);
        if (last != null && !last.partition().equals(partition)) {
            throw new ConnectException("dedupe.file.positions: the records of " + source + " come through both "
                    + last.partition() + " and " + partition + "; each source file's records must be in one partition");
        }
        boolean resent = last != null
                && (generation < last.generation() || generation == last.generation() && offset <= last.offset());
        return new SourceFile(source, new SinkState.SourceMark(generation, offset, partition), resent);
    }

    private static String text(Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        Object value = header.value();
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    private static Long number(Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        if (header.value() instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(text(header).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Writes the buffered bytes to the active file (no fsync). */
    private void drain() throws IOException {
        if (buffer.size() == 0 || channel == null) {
            return;
        }
        ByteBuffer bytes = buffer.view();
        while (bytes.hasRemaining()) {
            length += channel.write(bytes, length);
        }
        buffer.clear();
        unsynced = true;
    }

    /**
     * Finishes the active file: durable, with the offsets of what it holds. The next file starts with
     * the next record ({@link #startNextFile}), so that no empty file is left behind.
     */
    private void roll() throws IOException {
        drain();
        sync();
        channel.close();
        channel = null;
        rolled = true;
        state.length = length;
        state.offsets.clear();
        state.offsets.putAll(next);
        state.write(stateFile);
        stateChanged = false;
        log.info("Rolled {} ({} bytes)", active, length);
    }

    /** Names the next file in the state, then creates it: nothing is ever written to a file the state does not name. */
    private void startNextFile() throws IOException {
        long now = clock.millis();
        long sequence = freeSequence(state.sequence + 1, now);
        Path nextFile = settings.pattern().render(sequence, Instant.ofEpochMilli(now));
        state.file = nextFile.toString();
        state.sequence = sequence;
        state.length = 0;
        state.openedAt = now;
        state.offsets.clear();
        state.offsets.putAll(next);
        state.write(stateFile);
        stateChanged = false;
        channel = FileChannel.open(nextFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        SinkState.syncFolder(nextFile.getParent());
        active = nextFile;
        length = 0;
        rolled = false;
        log.info("Writing {}", nextFile);
    }

    private void sync() throws IOException {
        if (unsynced && channel != null) {
            channel.force(false);
            unsynced = false;
        }
    }

    /**
     * Makes everything written durable together with the offsets: fsync, then the state. Returns
     * the offsets now safe to commit: the worker's offsets after the records it gave to
     * {@link #write}, which are all in the file (or were skipped as already there).
     */
    public Map<TopicPartition, Long> commit(Map<TopicPartition, Long> consumed) throws IOException {
        drain();
        sync();
        for (Map.Entry<TopicPartition, Long> entry : consumed.entrySet()) {
            next.merge(entry.getKey(), entry.getValue(), Math::max);
        }
        if (length != state.length || !next.equals(state.offsets) || stateChanged) {
            state.length = length;
            state.offsets.clear();
            state.offsets.putAll(next);
            state.write(stateFile);
            stateChanged = false;
        }
        Map<TopicPartition, Long> durable = new HashMap<>();
        consumed.forEach((tp, offset) -> durable.put(tp, Math.min(offset, next.get(tp))));
        return durable;
    }

    /** The offsets (next to consume) of what was written, by topic partition. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(next);
    }

    /** The active output file. */
    public Path activeFile() {
        return active;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
