package io.ferry.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** Producer state with kafka-clients' own record batches: expiration of idle producer ids, aborted transactions. */
class ProducerStateManagerTest {

    private static final SimpleRecord RECORD = new SimpleRecord("v".getBytes(StandardCharsets.UTF_8));

    /** The single batch of {@code records}, placed at {@code offset}. */
    private static MutableRecordBatch at(MemoryRecords records, long offset) {
        MutableRecordBatch batch = records.batches().iterator().next();
        batch.setLastOffset(offset);
        return batch;
    }

    private static MutableRecordBatch idempotent(long producerId, int sequence, long offset) {
        return at(MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, sequence, RECORD), offset);
    }

    private static MutableRecordBatch transactional(long producerId, long offset) {
        return at(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, 0, RECORD), offset);
    }

    private static MutableRecordBatch marker(long producerId, ControlRecordType type, long offset) {
        return at(MemoryRecords.withEndTransactionMarker(producerId, (short) 0, new EndTransactionMarker(type, 0)), offset);
    }

    @Test
    void idleProducerIdsAreForgottenAfterTheExpirationButNotWhileTheirTransactionIsOpen() {
        ProducerStateManager state = new ProducerStateManager("t-0", 1_000);
        MutableRecordBatch first = idempotent(1L, 0, 0);
        state.update(first, 0);
        state.update(transactional(2L, 1), 0);
        state.update(idempotent(3L, 0, 2), 0);
        state.update(idempotent(3L, 1, 3), 1_500);
        assertThat(state.check(first)).as("a retry is recognised").isPresent();

        assertThat(state.expireProducers(999)).isZero();
        assertThat(state.producerCount()).isEqualTo(3);
        // Checked again only after the interval (here the expiration, 1 s): producer 1 idle for 2 s goes, producer 2
        // stays (its transaction is open), producer 3 wrote 0.5 s ago.
        assertThat(state.expireProducers(1_998)).isZero();
        assertThat(state.expireProducers(2_000)).isEqualTo(1);
        assertThat(state.epochOf(1L)).isEqualTo((short) -1);
        assertThat(state.epochOf(2L)).isZero();
        assertThat(state.epochOf(3L)).isZero();
        assertThat(state.check(first)).as("forgotten: appended anew, as Kafka does").isEmpty();

        // Once its transaction is committed, producer 2 expires like the others, counted from its marker.
        state.update(marker(2L, ControlRecordType.COMMIT, 4), 2_500);
        assertThat(state.expireProducers(3_000)).isEqualTo(1);
        assertThat(state.epochOf(3L)).isEqualTo((short) -1);
        assertThat(state.producerCount()).isEqualTo(1);
        assertThat(state.expireProducers(4_000)).isEqualTo(1);
        assertThat(state.producerCount()).isZero();
    }

    @Test
    void abortedTransactionsAreFoundByOffsetRangeAndForgottenOnceBelowTheLogStart() {
        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000);
        state.update(transactional(1L, 0), 0);
        state.update(marker(1L, ControlRecordType.ABORT, 1), 0);
        state.update(transactional(2L, 2), 0);
        state.update(transactional(3L, 3), 0);
        state.update(marker(2L, ControlRecordType.ABORT, 4), 0);
        state.update(marker(3L, ControlRecordType.COMMIT, 5), 0);
        state.update(transactional(4L, 6), 0);
        state.update(marker(4L, ControlRecordType.ABORT, 7), 0);

        assertThat(state.abortedBetween(0, 10)).extracting(ProducerStateManager.AbortedTxn::producerId).containsExactly(1L, 2L, 4L);
        assertThat(state.abortedBetween(2, 3)).extracting(ProducerStateManager.AbortedTxn::producerId).containsExactly(2L);
        assertThat(state.abortedBetween(5, 5)).isEmpty();
        assertThat(state.abortedBetween(7, 9)).extracting(ProducerStateManager.AbortedTxn::producerId).containsExactly(4L);

        state.forgetAbortedBefore(2);
        assertThat(state.abortedBetween(0, 10)).extracting(ProducerStateManager.AbortedTxn::producerId).containsExactly(2L, 4L);
        state.forgetAbortedBefore(8);
        assertThat(state.abortedBetween(0, 10)).isEmpty();
    }

    @Test
    void markersFromAnOlderCoordinatorOrProducerEpochAreFencedAlsoAfterASnapshot() throws Exception {
        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000);
        state.update(transactional(1L, 0), 0);
        state.checkMarker(1L, (short) 0, 0);
        state.update(at(MemoryRecords.withEndTransactionMarker(1L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 7)), 1), 0);
        state.update(at(MemoryRecords.withTransactionalRecords(Compression.NONE, 1L, (short) 1, 0, RECORD), 2), 0);

        assertThatThrownBy(() -> state.checkMarker(1L, (short) 1, 6))
                .isInstanceOf(TransactionCoordinatorFencedException.class).hasMessageContaining("epoch 6");
        assertThatThrownBy(() -> state.checkMarker(1L, (short) 0, 7))
                .isInstanceOf(InvalidProducerEpochException.class);
        state.checkMarker(1L, (short) 1, 7);
        state.checkMarker(1L, (short) 1, 8);
        state.checkMarker(2L, (short) 0, 0);

        ProducerStateManager restored = new ProducerStateManager("t-0", 86_400_000);
        ProducerStateSnapshot.decode(ProducerStateSnapshot.encode(3, state), restored);
        assertThatThrownBy(() -> restored.checkMarker(1L, (short) 1, 6))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
    }

    @Test
    void onlyTheBatchOpeningATransactionNeedsVerificationAndAMarkerVoidsIt() {
        ProducerStateManager state = new ProducerStateManager("t-0", 86_400_000L);
        MutableRecordBatch first = transactional(7L, 0);
        assertThat(state.needsVerification(first)).isTrue();
        assertThat(state.needsVerification(idempotent(8L, 0, 0))).isFalse();
        assertThatThrownBy(() -> state.checkVerified(first, null))
                .isInstanceOf(org.apache.kafka.common.errors.InvalidTxnStateException.class);

        Object token = state.startVerification(7L);
        state.checkVerified(first, token);
        state.update(first, 0);
        assertThat(state.needsVerification(transactional(7L, 1))).as("the transaction is open here").isFalse();

        state.update(marker(7L, ControlRecordType.ABORT, 2), 0);
        Object stale = state.startVerification(7L);
        state.update(marker(7L, ControlRecordType.ABORT, 3), 0);
        assertThatThrownBy(() -> state.checkVerified(transactional(7L, 4), stale))
                .as("verified before a marker ended the transaction")
                .isInstanceOf(org.apache.kafka.common.errors.InvalidTxnStateException.class);
    }
}
