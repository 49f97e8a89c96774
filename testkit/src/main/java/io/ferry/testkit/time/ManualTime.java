package io.ferry.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's {@link Time} moved by the test: {@link #sleep} advances it instead of waiting, and
 * {@link #clock()} gives the same instant as a {@link Clock} for code written against java.time.
 * Safe to read from a task's threads while the test advances it.
 */
public final class ManualTime implements Time {

    /** 2023-11-14T22:13:20Z: a fixed start, so that file names and timestamps in tests are stable. */
    public static final long DEFAULT_START_MS = 1_700_000_000_000L;

    private volatile long nowNanos;

    public ManualTime() {
        this(DEFAULT_START_MS);
    }

    public ManualTime(long startMs) {
        this.nowNanos = startMs * 1_000_000L;
    }

    /** Moves the time forward by {@code ms} milliseconds. */
    public synchronized void advance(long ms) {
        nowNanos += ms * 1_000_000L;
    }

    /** Moves the time forward by {@code duration}. */
    public synchronized void advance(Duration duration) {
        nowNanos += duration.toNanos();
    }

    @Override
    public long milliseconds() {
        return nowNanos / 1_000_000L;
    }

    @Override
    public long nanoseconds() {
        return nowNanos;
    }

    /** Advances the time: a task that sleeps returns at once, and the test sees the time it meant to spend. */
    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    /** Returns once {@code condition} holds; if it does not hold by the time given, moves the time to the deadline. */
    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        synchronized (obj) {
            if (condition.get()) {
                return;
            }
        }
        long now = milliseconds();
        if (deadlineMs > now) {
            advance(deadlineMs - now);
        }
        throw new org.apache.kafka.common.errors.TimeoutException("Condition not satisfied before " + deadlineMs
                + " ms (manual time does not wait)");
    }

    /** The same time as a {@link Clock} in UTC. */
    public Clock clock() {
        return new ManualClock();
    }

    private final class ManualClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return milliseconds();
        }

        @Override
        public Instant instant() {
            long nanos = nanoseconds();
            return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        }
    }
}
