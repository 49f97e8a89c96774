package io.ferry.broker.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.PatternSyntaxException;

import org.junit.jupiter.api.Test;

class BoundedRegexTest {

    @Test
    void matchesTheWholeInput() {
        BoundedRegex r = BoundedRegex.compile("orders-.*", 10_000);
        assertThat(r.matches("orders-eu")).isTrue();
        assertThat(r.matches("my-orders-eu")).isFalse();
    }

    @Test
    void aBacktrackingPatternGivesUpInsteadOfHoldingTheThread() {
        BoundedRegex r = BoundedRegex.compile("(a+)+b", 100_000);
        long start = System.nanoTime();
        assertThat(r.matches("a".repeat(40))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anInvalidPatternIsRejected() {
        assertThatThrownBy(() -> BoundedRegex.compile("(", 10)).isInstanceOf(PatternSyntaxException.class);
    }
}
