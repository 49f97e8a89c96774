package io.ferry.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints taken at segment rolls: the newest usable one is loaded; unusable ones are deleted. */
class ProducerStateCheckpointsTest {

    @TempDir
    Path dir;

    /** The state after producer 7 wrote {@code batches} one-record batches (sequence i at offset i). */
    private static ProducerStateManager stateAfter(int batches) {
        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000);
        for (int i = 0; i < batches; i++) {
            MutableRecordBatch batch = MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, i,
                    new SimpleRecord("v".getBytes(StandardCharsets.UTF_8))).batches().iterator().next();
            batch.setLastOffset(i);
            state.update(batch, 1000 + i);
        }
        return state;
    }

    private long[] offsetsOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("producer-state-") && n.endsWith(".checkpoint"))
                    .mapToLong(n -> Long.parseLong(n.replaceAll("\\D", ""))).sorted().toArray();
        }
    }

    private static ProducerStateManager empty() {
        return new ProducerStateManager("t-0", 86_400_000);
    }

    @Test
    void theNewestCheckpointAtOrBelowTheLogEndIsLoadedAndTwoAreKept() throws Exception {
        ProducerStateCheckpoints.write(dir, 0, 10, stateAfter(10));
        ProducerStateCheckpoints.write(dir, 0, 20, stateAfter(20));
        ProducerStateCheckpoints.write(dir, 0, 30, stateAfter(30));
        assertThat(offsetsOnDisk()).containsExactly(20, 30);

        ProducerStateManager state = empty();
        assertThat(ProducerStateCheckpoints.load(dir, 0, 35, state)).isEqualTo(30);
        assertThat(state.check(retry(29))).as("the last batch before the checkpoint is known").isPresent();
        assertThat(offsetsOnDisk()).containsExactly(20, 30);
    }

    @Test
    void aCheckpointBeyondTheLogEndIsDeletedAndTheOlderOneUsed() throws Exception {
        ProducerStateCheckpoints.write(dir, 0, 10, stateAfter(10));
        ProducerStateCheckpoints.write(dir, 0, 20, stateAfter(20));

        // The crash lost the log's tail: it now ends at 15, below the newest checkpoint.
        ProducerStateManager state = empty();
        assertThat(ProducerStateCheckpoints.load(dir, 0, 15, state)).isEqualTo(10);
        assertThat(state.check(retry(9))).isPresent();
        assertThat(offsetsOnDisk()).containsExactly(10);
    }

    @Test
    void checkpointsBelowTheLogStartOrDamagedAreNotUsed() throws Exception {
        ProducerStateCheckpoints.write(dir, 0, 10, stateAfter(10));
        ProducerStateCheckpoints.write(dir, 0, 20, stateAfter(20));
        Path newest = dir.resolve(String.format("producer-state-%020d.checkpoint", 20));
        byte[] content = Files.readAllBytes(newest);
        content[content.length / 2] ^= 0x01;
        Files.write(newest, content);

        assertThat(ProducerStateCheckpoints.load(dir, 0, 25, empty())).as("damaged newest: the older one").isEqualTo(10);
        assertThat(offsetsOnDisk()).containsExactly(10);
        assertThat(ProducerStateCheckpoints.load(dir, 12, 25, empty())).as("below the log start").isEqualTo(-1);
        assertThat(offsetsOnDisk()).isEmpty();
    }

    private static MutableRecordBatch retry(int sequence) {
        return MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 0, sequence,
                new SimpleRecord("v".getBytes(StandardCharsets.UTF_8))).batches().iterator().next();
    }
}
