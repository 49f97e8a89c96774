package io.ferry.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The sink driver plays the worker: pause holds records back, a rebalance closes and opens, errant records are kept. */
class SinkTaskDriverTest {

    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);

    private final SinkTaskDriver<RecordingSinkTask> driver = SinkTaskDriver.of(RecordingSinkTask::new);

    @Test
    void recordsOfAPausedPartitionAreHeldUntilItIsResumed() {
        driver.start(Map.of(), TP0, TP1);
        driver.put(List.of(Records.text("t", 0, 0, "pause"), Records.text("t", 1, 0, "b0")));
        assertThat(driver.paused()).containsExactly(TP0);

        driver.put(List.of(Records.text("t", 0, 1, "a1"), Records.text("t", 1, 1, "b1")));
        assertThat(driver.task().values).containsExactly("b0", "b1");
        assertThat(driver.held()).extracting(r -> r.value()).containsExactly("a1");

        driver.resume(TP0);
        driver.put(List.of());
        assertThat(driver.task().values).containsExactly("b0", "b1", "a1");
        assertThat(driver.commit()).isEqualTo(Map.of(TP0, 2L, TP1, 2L));
    }

    @Test
    void aRebalanceCommitsClosesTheRevokedAndOpensTheNew() {
        driver.start(Map.of(), TP0);
        driver.put(Records.texts("t", 0, 0, List.of("a", "b")));

        driver.rebalance(TP1);

        assertThat(driver.committed()).isEqualTo(Map.of(TP0, 2L));
        assertThat(driver.task().events).containsExactly("start", "open [t-0]", "close [t-0]", "open [t-1]");
        assertThat(driver.assignment()).containsExactly(TP1);
    }

    @Test
    void errantRecordsAreCapturedAndACrashCommitsNothing() {
        driver.start(Map.of(), TP0);
        driver.put(Records.texts("t", 0, 0, List.of("a", "errant", "c")));

        assertThat(driver.errantRecords().records()).extracting(r -> r.kafkaOffset()).containsExactly(1L);
        RecordingSinkTask abandoned = driver.crash();

        assertThat(abandoned.events).containsExactly("start", "open [t-0]");
        assertThat(driver.resumeOffset(TP0)).isZero();
    }
}
