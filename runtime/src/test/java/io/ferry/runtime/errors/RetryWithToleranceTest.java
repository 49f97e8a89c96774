package io.ferry.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.runtime.status.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RetryWithToleranceTest {

    private static final TaskId TASK = new TaskId("c", 0);

    private final List<Long> waits = new ArrayList<>();
    private final List<ProcessingFailure> reported = new ArrayList<>();
    private final ErrorReporter reporter = new ErrorReporter() {
        @Override
        public Future<Void> report(ProcessingFailure failure) {
            reported.add(failure);
            return CompletableFuture.completedFuture(null);
        }
    };

    private RetryWithTolerance operator(ToleranceType tolerance, long retryTimeoutMs, long maxDelayMs) {
        ErrorPolicy policy = new ErrorPolicy(tolerance, retryTimeoutMs, maxDelayMs, false, false, "", (short) 1, false);
        return new RetryWithTolerance(TASK, policy, List.of(reporter), millis -> {
            waits.add(millis);
            return true;
        });
    }

    @Test
    void retriableFailuresAreRetriedWithExponentialBackoffCappedByTheMaximumDelay() {
        AtomicInteger calls = new AtomicInteger();
        RetryWithTolerance.RecordProcessing processing = operator(ToleranceType.NONE, -1, 1000).process((org.apache.kafka.connect.source.SourceRecord) null);
        String result = processing.execute(Stage.TRANSFORMATION, Object.class, () -> {
            if (calls.incrementAndGet() <= 4) {
                throw new RetriableException("not yet");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(processing.failed()).isFalse();
        assertThat(waits).containsExactly(300L, 600L, 1000L, 1000L);
    }

    @Test
    void withoutRetryTimeoutAndToleranceNoneTheFirstFailureIsFatal() {
        RetryWithTolerance.RecordProcessing processing = operator(ToleranceType.NONE, 0, 1000).process((org.apache.kafka.connect.source.SourceRecord) null);
        assertThatThrownBy(() -> processing.execute(Stage.VALUE_CONVERTER, String.class, () -> {
            throw new RetriableException("broken");
        })).isInstanceOf(ConnectException.class).hasMessageContaining("Tolerance exceeded").hasMessageContaining("VALUE_CONVERTER");
        assertThat(waits).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void withToleranceAllAFailedStageSkipsTheRecordAndIsReportedOnce() {
        RetryWithTolerance operator = operator(ToleranceType.ALL, 0, 1000);
        RetryWithTolerance.RecordProcessing processing = operator.process((org.apache.kafka.connect.source.SourceRecord) null);
        AtomicInteger later = new AtomicInteger();
        Object value = processing.execute(Stage.KEY_CONVERTER, String.class, () -> {
            throw new DataException("bad key");
        });
        processing.execute(Stage.VALUE_CONVERTER, String.class, later::incrementAndGet);
        assertThat(value).isNull();
        assertThat(processing.failed()).isTrue();
        assertThat(later).hasValue(0);
        assertThat(reported).singleElement().satisfies(f -> {
            assertThat(f.stage()).isEqualTo(Stage.KEY_CONVERTER);
            assertThat(f.error()).isInstanceOf(DataException.class);
            assertThat(f.task()).isEqualTo(TASK);
        });
        assertThat(operator.failedRecords()).isEqualTo(1);
    }

    @Test
    void retriesStopAtTheRetryTimeout() {
        long[] now = {0};
        RetryWithTolerance operator = new RetryWithTolerance(TASK,
                new ErrorPolicy(ToleranceType.ALL, 1000, 60_000, false, false, "", (short) 1, false), List.of(reporter), millis -> {
                    waits.add(millis);
                    now[0] += millis;
                    return true;
                }, () -> now[0]);
        RetryWithTolerance.RecordProcessing processing = operator.process((org.apache.kafka.connect.source.SourceRecord) null);
        AtomicInteger calls = new AtomicInteger();
        processing.execute(Stage.TRANSFORMATION, Object.class, () -> {
            calls.incrementAndGet();
            throw new RetriableException("never");
        });
        assertThat(processing.failed()).isTrue();
        assertThat(waits).containsExactly(300L, 600L, 100L);
        assertThat(calls).hasValue(4);
        assertThat(reported).hasSize(1);
    }

    @Test
    void aStoppingTaskEndsTheRetries() {
        RetryWithTolerance operator = new RetryWithTolerance(TASK,
                new ErrorPolicy(ToleranceType.ALL, -1, 60_000, false, false, "", (short) 1, false), List.of(reporter), millis -> false);
        RetryWithTolerance.RecordProcessing processing = operator.process((org.apache.kafka.connect.source.SourceRecord) null);
        processing.execute(Stage.TRANSFORMATION, Object.class, () -> {
            throw new RetriableException("never");
        });
        assertThat(processing.failed()).isTrue();
    }
}
