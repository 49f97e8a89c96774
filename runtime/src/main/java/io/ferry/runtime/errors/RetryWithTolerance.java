package io.ferry.runtime.errors;

import io.ferry.runtime.status.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs the stages of one record's processing under a connector's {@link ErrorPolicy}: retries
 * {@link RetriableException}s with exponential backoff (from {@value #MIN_RETRY_DELAY_MS} ms,
 * doubling, at most {@code errors.retry.delay.max.ms} apart, until {@code errors.retry.timeout}),
 * then either fails the task ({@code errors.tolerance=none}) or reports the record and skips it
 * ({@code all}). Used by one task thread.
 */
public final class RetryWithTolerance implements AutoCloseable {

    /** The first wait between retries. */
    public static final long MIN_RETRY_DELAY_MS = 300;

    /** Waits between retries; returns false if the task is stopping (retrying ends). */
    @FunctionalInterface
    public interface Backoff {
        boolean await(long millis) throws InterruptedException;
    }

    /** One step of processing. */
    @FunctionalInterface
    public interface Operation<V> {
        V call() throws Exception;
    }

    private final TaskId task;
    private final ErrorPolicy policy;
    private final List<ErrorReporter> reporters;
    private final Backoff backoff;
    private final LongSupplier clock;
    private final AtomicLong failedRecords = new AtomicLong();

    public RetryWithTolerance(TaskId task, ErrorPolicy policy, List<ErrorReporter> reporters, Backoff backoff) {
        this(task, policy, reporters, backoff, System::currentTimeMillis);
    }

    /** @param clock the current time in milliseconds (injectable for tests) */
    public RetryWithTolerance(TaskId task, ErrorPolicy policy, List<ErrorReporter> reporters, Backoff backoff, LongSupplier clock) {
        this.task = task;
        this.policy = policy;
        this.reporters = List.copyOf(reporters);
        this.backoff = backoff;
        this.clock = clock;
    }

    public ErrorPolicy policy() {
        return policy;
    }

    /** Whether failures are reported anywhere (log or dead letter queue). */
    public boolean hasReporters() {
        return !reporters.isEmpty();
    }

    /** How many records were skipped because of errors. */
    public long failedRecords() {
        return failedRecords.get();
    }

    /** Starts processing a record consumed from Kafka (sinks). */
    public RecordProcessing process(ConsumerRecord<byte[], byte[]> consumed) {
        return new RecordProcessing(consumed, null);
    }

    /** Starts processing a record a source task returned. */
    public RecordProcessing process(SourceRecord source) {
        return new RecordProcessing(null, source);
    }

    /**
     * Reports a record that failed outside the stages run here (a sink task's
     * {@code ErrantRecordReporter}).
     *
     * @return completes once every reporter stored the report
     * @throws ConnectException with {@code errors.tolerance=none}: the failure is fatal
     */
    public Future<Void> reportFailed(Stage stage, Class<?> executingClass, Throwable error,
                                     ConsumerRecord<byte[], byte[]> consumed) {
        ProcessingFailure failure = new ProcessingFailure(task, stage, executingClass, error, consumed, null);
        if (policy.tolerance() == ToleranceType.NONE) {
            throw new ConnectException("Tolerance exceeded in error handler (errors.tolerance=none) at stage " + stage
                    + " of task " + task + ": " + error, error);
        }
        return report(failure);
    }

    private Future<Void> report(ProcessingFailure failure) {
        failedRecords.incrementAndGet();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (ErrorReporter reporter : reporters) {
            Future<Void> future = reporter.report(failure);
            if (future instanceof CompletableFuture<Void> completable) {
                futures.add(completable);
            } else {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return future.get();
                    } catch (Exception e) {
                        throw new ConnectException(e);
                    }
                }));
            }
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        for (ErrorReporter reporter : reporters) {
            reporter.close();
        }
    }

    /** The processing of one record: the stages run until one fails for good. */
    public final class RecordProcessing {
        private final ConsumerRecord<byte[], byte[]> consumed;
        private final SourceRecord source;
        private boolean failed;

        private RecordProcessing(ConsumerRecord<byte[], byte[]> consumed, SourceRecord source) {
            this.consumed = consumed;
            this.source = source;
        }

        /** Whether a stage failed (with {@code errors.tolerance=all}): the record is to be skipped. */
        public boolean failed() {
            return failed;
        }

        /**
         * Runs one stage. After a failure no more stages run.
         *
         * @return what the stage returned, or null if it failed and the failure is tolerated
         * @throws ConnectException if it failed and {@code errors.tolerance=none}
         */
        public <V> V execute(Stage stage, Class<?> executingClass, Operation<V> operation) {
            if (failed) {
                return null;
            }
            // The retry timeout counts from the first failure: reading the clock before every call of every record
            // showed up as 6-7 % of a task thread's time in profiles, for a value that is almost never used.
            long started = -1;
            long delay = MIN_RETRY_DELAY_MS;
            while (true) {
                try {
                    return operation.call();
                } catch (RetriableException e) {
                    long now = clock.getAsLong();
                    if (started < 0) {
                        started = now;
                    }
                    long waited = now - started;
                    boolean forever = policy.retryTimeoutMs() < 0;
                    long left = forever ? Long.MAX_VALUE : policy.retryTimeoutMs() - waited;
                    if (left <= 0 || !sleep(Math.min(Math.min(delay, policy.retryMaxDelayMs()), left))) {
                        return fail(stage, executingClass, e);
                    }
                    delay = Math.min(delay * 2, policy.retryMaxDelayMs());
                } catch (Exception e) {
                    return fail(stage, executingClass, e);
                }
            }
        }

        private boolean sleep(long millis) {
            try {
                return backoff.await(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private <V> V fail(Stage stage, Class<?> executingClass, Exception error) {
            if (policy.tolerance() == ToleranceType.NONE) {
                throw new ConnectException("Tolerance exceeded in error handler (errors.tolerance=none) at stage " + stage
                        + " (" + (executingClass == null ? "-" : executingClass.getName()) + ") of task " + task + ": " + error, error);
            }
            failed = true;
            report(new ProcessingFailure(task, stage, executingClass, error, consumed, source));
            return null;
        }
    }
}
