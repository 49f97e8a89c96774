package io.ferry.broker.log;

/**
 * The settings one partition log obeys, resolved from the topic's overrides and the broker's defaults (see
 * {@code io.ferry.broker.config.TopicConfigs}). Sizes in bytes, durations in milliseconds; -1 means unlimited for
 * retention.
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        boolean cleanupDelete,
        boolean cleanupCompact,
        long deleteRetentionMs,
        long minCompactionLagMs,
        double minCleanableDirtyRatio,
        int maxMessageBytes,
        boolean logAppendTime,
        int indexIntervalBytes,
        int segmentIndexBytes,
        long flushIntervalMessages,
        long flushIntervalMs) {

    /** Kafka's defaults, for tests and as the base of broker-level settings. */
    public static LogConfig defaults() {
        return new LogConfig(1024 * 1024 * 1024, 7L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, -1L,
                true, false, 24L * 3600 * 1000, 0L, 0.5, 1024 * 1024 + 12, false, 4096, 10 * 1024 * 1024,
                Long.MAX_VALUE, Long.MAX_VALUE);
    }
}
