package io.ferry.runtime.task;

import io.ferry.runtime.status.TaskId;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What one task has done, for {@code GET /connectors/{name}/status} and {@code GET /metrics}:
 * records polled (returned by a source's {@code poll()}, or consumed by a sink) and written
 * (acknowledged by the broker, or given to a sink's {@code put()} successfully), records that failed
 * (skipped under {@code errors.tolerance=all}) and task failures, offset commits and their time, a
 * sink's consumer lag, and the write rate over the last minute.
 *
 * <p>Thread-safe: counters are updated by the task thread (and a source's producer thread), read by
 * the REST API and sampled once a second by the worker's scheduler.
 */
public final class TaskMetrics {

    /** The window of {@link #recordsPerSecond()}. */
    public static final long RATE_WINDOW_MS = 60_000;

    private final TaskId id;
    private final String type;
    private final LongAdder polled = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    private final LongAdder commits = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final RateWindow rate;
    private volatile LongSupplier skipped = () -> 0;
    private volatile long lag = -1;

    /** @param type {@code source} or {@code sink} */
    public TaskMetrics(TaskId id, String type) {
        this(id, type, System.currentTimeMillis());
    }

    TaskMetrics(TaskId id, String type, long nowMs) {
        this.id = id;
        this.type = type;
        this.rate = new RateWindow(RATE_WINDOW_MS, nowMs);
    }

    public TaskId id() {
        return id;
    }

    /** {@code source} or {@code sink}. */
    public String type() {
        return type;
    }

    public long recordsPolled() {
        return polled.sum();
    }

    public long recordsWritten() {
        return written.sum();
    }

    /** Records that failed processing (and were skipped or reported) plus failures of the task itself. */
    public long errors() {
        return skipped.getAsLong() + failures.get();
    }

    public long offsetCommits() {
        return commits.sum();
    }

    /** Total time spent committing offsets, in nanoseconds. */
    public long offsetCommitNanos() {
        return commitNanos.sum();
    }

    /** A sink's consumer lag (records behind the end of its assigned partitions), or -1 if unknown or a source. */
    public long lag() {
        return lag;
    }

    /** Records written per second over the last minute (or since the task started, if that is shorter). */
    public double recordsPerSecond() {
        return rate.perSecond(System.currentTimeMillis(), recordsWritten());
    }

    // ---- for the task runners ----

    void polled(int count) {
        polled.add(count);
    }

    void written(int count) {
        written.add(count);
    }

    void failed() {
        failures.incrementAndGet();
    }

    void skippedRecords(LongSupplier counter) {
        skipped = counter;
    }

    void offsetCommit(long nanos) {
        commits.increment();
        commitNanos.add(nanos);
    }

    void lag(long records) {
        lag = records;
    }

    /** Takes a sample for the rate (the worker's scheduler, once a second). */
    void sample(long nowMs) {
        rate.sample(nowMs, recordsWritten());
    }

    /** Samples of a growing counter, to compute its rate over a sliding window. */
    static final class RateWindow {
        private static final int SLOTS = 64;
        private final long windowMs;
        private final long[] times = new long[SLOTS];
        private final long[] counts = new long[SLOTS];
        private int next;
        private int size;

        RateWindow(long windowMs, long startMs) {
            this.windowMs = windowMs;
            sample(startMs, 0);
        }

        synchronized void sample(long nowMs, long count) {
            times[next] = nowMs;
            counts[next] = count;
            next = (next + 1) % SLOTS;
            size = Math.min(size + 1, SLOTS);
        }

        /** The rate from the oldest sample within the window to ({@code nowMs}, {@code count}). */
        synchronized double perSecond(long nowMs, long count) {
            long oldestTime = -1;
            long oldestCount = 0;
            for (int i = 0; i < size; i++) {
                int slot = Math.floorMod(next - 1 - i, SLOTS);
                if (nowMs - times[slot] > windowMs) {
                    break;
                }
                oldestTime = times[slot];
                oldestCount = counts[slot];
            }
            long elapsed = nowMs - oldestTime;
            if (oldestTime < 0 || elapsed <= 0) {
                return 0.0;
            }
            return (count - oldestCount) * 1000.0 / elapsed;
        }
    }
}
