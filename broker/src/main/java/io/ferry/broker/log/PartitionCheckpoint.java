package io.ferry.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets of a partition log that outlive a restart, kept in {@value #FILE_NAME} in its directory: the log start
 * offset (DeleteRecords), the high watermark, the recovery point (everything below it was forced to disk) and the
 * cleaner offset (everything below it has been compacted).
 */
record PartitionCheckpoint(long logStartOffset, long highWatermark, long recoveryPoint, long cleanerOffset) {

    static final String FILE_NAME = "partition.checkpoint";
    private static final String HEADER = "ferry-partition-checkpoint 1";
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCheckpoint.class);

    /** The checkpoint in {@code dir}, or empty if there is none or it cannot be read (which is logged). */
    static Optional<PartitionCheckpoint> read(Path dir, String owner) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
                throw new IllegalArgumentException("unknown header");
            }
            Map<String, Long> values = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
                }
            }
            return Optional.of(new PartitionCheckpoint(require(values, "logStartOffset"),
                    require(values, "highWatermark"), require(values, "recoveryPoint"),
                    require(values, "cleanerOffset")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            LOG.warn("Ignoring unreadable checkpoint {} of {}: {}", file, owner, e.toString());
            return Optional.empty();
        }
    }

    void write(Path dir) throws IOException {
        LogFiles.writeAtomically(dir.resolve(FILE_NAME), HEADER + "\n"
                + "logStartOffset=" + logStartOffset + "\n"
                + "highWatermark=" + highWatermark + "\n"
                + "recoveryPoint=" + recoveryPoint + "\n"
                + "cleanerOffset=" + cleanerOffset + "\n");
    }

    private static long require(Map<String, Long> values, String key) {
        Long v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
