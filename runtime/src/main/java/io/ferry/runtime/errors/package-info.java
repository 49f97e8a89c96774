/**
 * Error handling of a task's record processing, with Kafka Connect's settings
 * ({@code errors.tolerance}, {@code errors.retry.timeout}, {@code errors.retry.delay.max.ms},
 * {@code errors.log.*}, {@code errors.deadletterqueue.*}).
 *
 * <p>{@link io.ferry.runtime.errors.RetryWithTolerance} runs each converter and transformation
 * {@link io.ferry.runtime.errors.Stage} of a record: a {@code RetriableException} is retried with
 * exponential backoff until the retry timeout; a failure that remains is either fatal
 * ({@code errors.tolerance=none}: the task fails) or skips the record ({@code all}) after the
 * {@link io.ferry.runtime.errors.ErrorReporter}s have reported it: one log line
 * ({@link io.ferry.runtime.errors.LogReporter}) and, for sinks, the original record in the dead
 * letter queue topic ({@link io.ferry.runtime.errors.DeadLetterQueueReporter}). Exceptions of the
 * task itself ({@code poll()}, {@code put()}) are never tolerated.
 */
package io.ferry.runtime.errors;
