package io.ferry.runtime.offset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubmittedRecordsTest {

    private static final Map<String, Object> FILE_A = Map.of("filename", "a");
    private static final Map<String, Object> FILE_B = Map.of("filename", "b");

    private static Map<String, Object> at(long position) {
        return Map.of("position", position);
    }

    @Test
    void anOffsetIsCommittableOnlyWhenItsRecordAndAllEarlierOnesOfItsPartitionAreAcknowledged() {
        SubmittedRecords records = new SubmittedRecords();
        SubmittedRecords.Submitted a1 = records.submit(FILE_A, at(1));
        SubmittedRecords.Submitted a2 = records.submit(FILE_A, at(2));
        SubmittedRecords.Submitted a3 = records.submit(FILE_A, at(3));
        SubmittedRecords.Submitted b1 = records.submit(FILE_B, at(1));

        a2.ack();
        a3.ack();
        b1.ack();
        assertThat(records.committableOffsets()).isEqualTo(Map.of(FILE_B, at(1)));
        assertThat(records.outstanding()).isEqualTo(1);

        a1.ack();
        assertThat(records.committableOffsets()).isEqualTo(Map.of(FILE_A, at(3)));
        assertThat(records.committableOffsets()).isEmpty();
        assertThat(records.outstanding()).isZero();
    }

    @Test
    void aCancelledRecordIsNeitherCommittedNorWaitedFor() throws Exception {
        SubmittedRecords records = new SubmittedRecords();
        SubmittedRecords.Submitted a1 = records.submit(FILE_A, at(1));
        SubmittedRecords.Submitted a2 = records.submit(FILE_A, at(2));
        a1.ack();
        a2.cancel();
        assertThat(records.committableOffsets()).isEqualTo(Map.of(FILE_A, at(1)));
        assertThat(records.awaitAllAcknowledged(0, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void recordsWithoutOffsetsAreCountedButCommitNothing() throws Exception {
        SubmittedRecords records = new SubmittedRecords();
        SubmittedRecords.Submitted none = records.submit(null, null);
        assertThat(records.awaitAllAcknowledged(10, TimeUnit.MILLISECONDS)).isFalse();
        none.ack();
        assertThat(records.awaitAllAcknowledged(10, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(records.committableOffsets()).isEmpty();
    }
}
