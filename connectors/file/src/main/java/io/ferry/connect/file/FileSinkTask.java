package io.ferry.connect.file;

import io.ferry.connect.file.sink.SinkWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Writes records to a file exactly once. {@link #put} appends through a buffer (one write per
 * batch); {@link #preCommit} fsyncs and records the file length with the offsets before returning
 * them, so the worker commits only what is durable; {@link #open} points the consumer at the
 * recorded offsets, so a restart after a crash neither repeats nor misses a line.
 */
public final class FileSinkTask extends SinkTask {

    private final Clock clock;
    private SinkWriter writer;

    public FileSinkTask() {
        this(Clock.systemUTC());
    }

    /** With a clock for time-based rolling (tests). */
    FileSinkTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        FileSinkConfig config = new FileSinkConfig(props);
        config.problems().throwIfAny("file sink");
        SinkWriter.Settings settings = new SinkWriter.Settings(config.file(), config.pattern(), config.rollSizeBytes(),
                config.rollIntervalMs(), config.format().encoder(config.charset()), config.dedupe());
        writer = new SinkWriter(settings, clock);
        try {
            writer.open();
        } catch (IOException e) {
            throw new ConnectException("Cannot open the sink's output or its state " + settings.stateFile() + ": " + e, e);
        }
    }

    /** Resumes each partition right after the last record the file holds durably. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = writer.positions();
        Map<TopicPartition, Long> resume = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long offset = positions.get(tp);
            if (offset != null) {
                resume.put(tp, offset);
            }
        }
        if (!resume.isEmpty()) {
            context.offset(resume);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            writer.write(records);
        } catch (IOException e) {
            throw new ConnectException("Writing to " + writer.activeFile() + " failed: " + e, e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, Long> consumed = new HashMap<>();
        currentOffsets.forEach((tp, offset) -> consumed.put(tp, offset.offset()));
        Map<TopicPartition, Long> durable = commit(consumed);
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        durable.forEach((tp, offset) -> {
            OffsetAndMetadata given = currentOffsets.get(tp);
            result.put(tp, offset == given.offset() ? given : new OffsetAndMetadata(offset));
        });
        return result;
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        preCommit(currentOffsets);
    }

    private Map<TopicPartition, Long> commit(Map<TopicPartition, Long> consumed) {
        try {
            return writer.commit(consumed);
        } catch (IOException e) {
            throw new ConnectException("Making " + writer.activeFile() + " durable failed: " + e, e);
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null) {
            commit(Map.of());
        }
    }

    @Override
    public void stop() {
        if (writer == null) {
            return;
        }
        try {
            commit(Map.of());
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                throw new ConnectException("Closing " + writer.activeFile() + " failed: " + e, e);
            }
        }
    }
}
