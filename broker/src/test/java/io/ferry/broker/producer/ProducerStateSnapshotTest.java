package io.ferry.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer state saved at a clean shutdown comes back whole, once, and only for the log end it was saved at. */
class ProducerStateSnapshotTest {

    private static final SimpleRecord RECORD = new SimpleRecord("v".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static MutableRecordBatch at(MemoryRecords records, long offset) {
        MutableRecordBatch batch = records.batches().iterator().next();
        batch.setLastOffset(offset);
        return batch;
    }

    private static MutableRecordBatch idempotent(int sequence, long offset) {
        return at(MemoryRecords.withIdempotentRecords(Compression.NONE, 1L, (short) 3, sequence, RECORD), offset);
    }

    /** Producer 1 idempotent at offsets 0-1, producer 2's transaction aborted (2-3), producer 4's open from 4. */
    private static ProducerStateManager state() {
        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000);
        state.update(idempotent(0, 0), 10);
        state.update(idempotent(1, 1), 20);
        state.update(at(MemoryRecords.withTransactionalRecords(Compression.NONE, 2L, (short) 0, 0, RECORD), 2), 30);
        state.update(at(MemoryRecords.withEndTransactionMarker(2L, (short) 0,
                new EndTransactionMarker(ControlRecordType.ABORT, 0)), 3), 40);
        state.update(at(MemoryRecords.withTransactionalRecords(Compression.NONE, 4L, (short) 1, 0, RECORD), 4), 50);
        return state;
    }

    @Test
    void theSavedStateComesBackWholeAndTheFileIsGoneAfterwards() throws Exception {
        ProducerStateSnapshot.write(dir, 5, state());
        assertThat(dir.resolve(ProducerStateSnapshot.FILE_NAME)).exists();

        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000);
        assertThat(ProducerStateSnapshot.take(dir, 5, state)).isTrue();

        assertThat(state.producerCount()).isEqualTo(3);
        assertThat(state.epochOf(1L)).isEqualTo((short) 3);
        assertThat(state.check(idempotent(1, 99))).as("a retry of the last batch is still recognised")
                .hasValueSatisfying(b -> assertThat(b.firstOffset()).isEqualTo(1));
        assertThat(state.firstUnstableOffset()).hasValue(4);
        assertThat(state.hasOngoingTransaction(4L)).isTrue();
        assertThat(state.abortedBetween(0, 10)).containsExactly(new ProducerStateManager.AbortedTxn(2L, 2, 3));
        assertThat(dir.resolve(ProducerStateSnapshot.FILE_NAME)).doesNotExist();
        assertThat(ProducerStateSnapshot.take(dir, 5, new ProducerStateManager("t-0", 86_400_000))).isFalse();
    }

    @Test
    void aSnapshotForAnotherLogEndIsNotUsed() throws Exception {
        ProducerStateSnapshot.write(dir, 5, state());

        assertThat(ProducerStateSnapshot.take(dir, 6, new ProducerStateManager("t-0", 86_400_000))).isFalse();
        assertThat(dir.resolve(ProducerStateSnapshot.FILE_NAME)).doesNotExist();
    }

    @Test
    void aDamagedSnapshotIsNotUsed() throws Exception {
        ProducerStateSnapshot.write(dir, 5, state());
        Path file = dir.resolve(ProducerStateSnapshot.FILE_NAME);
        byte[] content = Files.readAllBytes(file);
        content[20] ^= 0x01;
        Files.write(file, content);
        assertThat(ProducerStateSnapshot.take(dir, 5, new ProducerStateManager("t-0", 86_400_000))).isFalse();

        ProducerStateSnapshot.write(dir, 5, state());
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 30));
        assertThat(ProducerStateSnapshot.take(dir, 5, new ProducerStateManager("t-0", 86_400_000))).isFalse();
        assertThat(file).doesNotExist();
    }
}
