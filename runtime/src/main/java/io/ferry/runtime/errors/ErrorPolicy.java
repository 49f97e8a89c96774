package io.ferry.runtime.errors;

import java.util.Objects;

/**
 * A connector's error handling settings.
 *
 * @param tolerance          {@code errors.tolerance}
 * @param retryTimeoutMs     {@code errors.retry.timeout}: how long a retriable failure is retried;
 *                           0 never, -1 forever
 * @param retryMaxDelayMs    {@code errors.retry.delay.max.ms}: the longest wait between retries
 * @param logEnable          {@code errors.log.enable}
 * @param logIncludeMessages {@code errors.log.include.messages}
 * @param dlqTopic           {@code errors.deadletterqueue.topic.name}, empty for none (sinks only)
 * @param dlqReplicationFactor {@code errors.deadletterqueue.topic.replication.factor}
 * @param dlqContextHeaders  {@code errors.deadletterqueue.context.headers.enable}
 */
public record ErrorPolicy(ToleranceType tolerance, long retryTimeoutMs, long retryMaxDelayMs, boolean logEnable,
                          boolean logIncludeMessages, String dlqTopic, short dlqReplicationFactor,
                          boolean dlqContextHeaders) {

    /** Kafka Connect's defaults: fail on the first error, no retries, no reporting. */
    public static final ErrorPolicy DEFAULT = new ErrorPolicy(ToleranceType.NONE, 0, 60_000, false, false, "", (short) 3, false);

    public ErrorPolicy {
        Objects.requireNonNull(tolerance, "tolerance");
        dlqTopic = dlqTopic == null ? "" : dlqTopic.trim();
    }

    /** Whether a dead letter queue topic is configured. */
    public boolean hasDeadLetterQueue() {
        return !dlqTopic.isEmpty();
    }
}
