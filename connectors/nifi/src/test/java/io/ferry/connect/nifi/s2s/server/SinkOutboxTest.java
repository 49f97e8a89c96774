package io.ferry.connect.nifi.s2s.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.connect.nifi.flowfile.FlowFile;
import io.ferry.connect.nifi.s2s.server.site.OutboundBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets of an output port's buffer: only confirmed FlowFiles move the committable offset. */
class SinkOutboxTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final AtomicInteger drained = new AtomicInteger();
    private final SinkOutbox outbox = new SinkOutbox(10, 1 << 20, 3, 1 << 20, drained::incrementAndGet);

    private void add(TopicPartition tp, long from, int count) {
        for (long offset = from; offset < from + count; offset++) {
            outbox.add(tp, offset, FlowFile.of(Map.of("offset", String.valueOf(offset)), "x"));
        }
    }

    private static List<String> offsets(OutboundBatch batch) {
        return batch.flowFiles().stream().map(f -> f.attribute("offset")).toList();
    }

    @Test
    void outOfOrderConfirmationsCommitOnlyTheContiguousPrefix() {
        add(P0, 100, 6);
        OutboundBatch first = outbox.take(0, 0);
        OutboundBatch second = outbox.take(0, 0);

        second.confirm();
        assertThat(outbox.confirmedOffsets()).containsEntry(P0, 100L);
        first.confirm();
        assertThat(outbox.confirmedOffsets()).containsEntry(P0, 106L);
    }

    @Test
    void releasedBatchesAreSentAgainFirstAndInOrder() {
        add(P0, 0, 5);
        OutboundBatch first = outbox.take(0, 0);
        first.release();

        assertThat(offsets(outbox.take(0, 0))).containsExactly("0", "1", "2");
        assertThat(offsets(outbox.take(0, 0))).containsExactly("3", "4");
        assertThat(outbox.take(0, 0)).isNull();
    }

    @Test
    void revokedPartitionsAreForgottenEvenIfTheirBatchIsConfirmedLater() {
        add(P0, 0, 2);
        add(P1, 0, 2);
        OutboundBatch taken = outbox.take(2, 0);

        outbox.drop(List.of(P0));
        taken.confirm();

        assertThat(outbox.confirmedOffsets()).containsOnlyKeys(P1);
        assertThat(offsets(outbox.take(0, 0))).containsExactly("0", "1");
    }

    @Test
    void aFullBufferReportsWhenItHasRoomAgain() {
        add(P0, 0, 10);
        assertThat(outbox.isFull()).isTrue();
        outbox.take(3, 0);
        assertThat(drained).hasValue(0);
        outbox.take(3, 0);
        assertThat(outbox.hasRoom()).isTrue();
        assertThat(drained).hasValue(1);
    }

    @Test
    void batchesStopAtTheByteLimitButTakeAtLeastOne() {
        outbox.add(P0, 0, new FlowFile(Map.of("offset", "0"), new byte[100]));
        outbox.add(P0, 1, new FlowFile(Map.of("offset", "1"), new byte[100]));

        assertThat(offsets(outbox.take(0, 50))).containsExactly("0");
        assertThat(offsets(outbox.take(0, 150))).containsExactly("1");
    }
}
