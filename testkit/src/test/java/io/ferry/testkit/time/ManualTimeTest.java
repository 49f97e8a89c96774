package io.ferry.testkit.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Manual time moves only when told to, and its Clock view shows the same instant. */
class ManualTimeTest {

    @Test
    void sleepingAdvancesTheTimeAndTheClockFollows() {
        ManualTime time = new ManualTime(1_000L);
        time.sleep(500);
        time.advance(Duration.ofMillis(250));

        assertThat(time.milliseconds()).isEqualTo(1_750L);
        assertThat(time.nanoseconds()).isEqualTo(1_750_000_000L);
        assertThat(time.clock().instant()).isEqualTo(Instant.ofEpochMilli(1_750L));
    }
}
