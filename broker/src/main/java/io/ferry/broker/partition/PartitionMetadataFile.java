package io.ferry.broker.partition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.kafka.common.Uuid;

import io.ferry.broker.util.AtomicFiles;

/**
 * {@code partition.metadata} in a partition directory, as Kafka writes it: the id of the topic the log belongs to.
 * A log whose topic id differs from the metadata's belongs to a topic deleted (while this broker was down) and
 * created again under the same name: it must not be served.
 */
final class PartitionMetadataFile {

    static final String FILE_NAME = "partition.metadata";

    private PartitionMetadataFile() {
    }

    static Optional<Uuid> read(Path partitionDir) {
        try {
            for (String line : Files.readAllLines(partitionDir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                if (line.startsWith("topic_id:")) {
                    return Optional.of(Uuid.fromString(line.substring("topic_id:".length()).trim()));
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static void write(Path partitionDir, Uuid topicId) throws IOException {
        AtomicFiles.write(partitionDir.resolve(FILE_NAME),
                ("version: 0\ntopic_id: " + topicId + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
