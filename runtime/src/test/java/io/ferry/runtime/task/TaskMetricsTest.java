package io.ferry.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.runtime.status.TaskId;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void theRateCoversTheLastMinuteOrTheTimeSinceTheStart() {
        TaskMetrics.RateWindow window = new TaskMetrics.RateWindow(60_000, 0);
        assertThat(window.perSecond(0, 0)).isZero();
        assertThat(window.perSecond(10_000, 100)).isCloseTo(10.0, within(1e-9));
        for (long t = 1_000; t <= 120_000; t += 1_000) {
            window.sample(t, t < 60_000 ? 0 : (t - 60_000) / 10);
        }
        // The first minute wrote nothing, the second 100 records a second: over the last minute, 100/s.
        assertThat(window.perSecond(120_000, 6_000)).isCloseTo(100.0, within(1e-9));
        assertThat(window.perSecond(300_000, 6_000)).as("no sample within the window").isZero();
    }

    @Test
    void countersAddUpAndErrorsIncludeSkippedRecordsAndFailures() {
        TaskMetrics metrics = new TaskMetrics(new TaskId("c", 0), "sink");
        metrics.polled(5);
        metrics.written(3);
        metrics.skippedRecords(() -> 2);
        metrics.failed();
        metrics.offsetCommit(1_000);
        metrics.offsetCommit(3_000);
        metrics.lag(7);
        assertThat(metrics.recordsPolled()).isEqualTo(5);
        assertThat(metrics.recordsWritten()).isEqualTo(3);
        assertThat(metrics.errors()).isEqualTo(3);
        assertThat(metrics.offsetCommits()).isEqualTo(2);
        assertThat(metrics.offsetCommitNanos()).isEqualTo(4_000);
        assertThat(metrics.lag()).isEqualTo(7);
        TaskMetricsRegistry registry = new TaskMetricsRegistry();
        registry.register(metrics);
        registry.unregister(new TaskMetrics(new TaskId("c", 0), "sink"));
        assertThat(registry.task(new TaskId("c", 0))).containsSame(metrics);
        registry.unregister(metrics);
        assertThat(registry.all()).isEmpty();
    }
}
