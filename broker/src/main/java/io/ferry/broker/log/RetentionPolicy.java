package io.ferry.broker.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the oldest segments retention may delete. A segment goes when it lies wholly below the log start
 * offset, or (with {@code cleanup.policy=delete}) when its largest timestamp is older than {@code retention.ms} or
 * the log stays at or above {@code retention.bytes} without it. Deletion takes a prefix of the log: it stops at the
 * first segment that must stay, at the first one reaching above the high watermark, and at an empty active segment.
 */
final class RetentionPolicy {

    private RetentionPolicy() {
    }

    /**
     * Why each of the oldest deletable segments may go, oldest first; empty if none may. Without
     * {@code applyRetention} only segments below the log start offset qualify.
     */
    static List<String> deletable(List<LogSegment> segments, long logEndOffset, long highWatermark,
                                  long logStartOffset, LogConfig config, long nowMs, boolean applyRetention) {
        boolean retention = applyRetention && config.cleanupDelete();
        List<String> reasons = new ArrayList<>();
        long remaining = 0;
        for (LogSegment s : segments) {
            remaining += s.size();
        }
        for (int i = 0; i < segments.size(); i++) {
            LogSegment s = segments.get(i);
            boolean last = i == segments.size() - 1;
            long upper = last ? logEndOffset : segments.get(i + 1).baseOffset();
            if ((last && s.size() == 0) || upper > highWatermark) {
                break;
            }
            String reason = null;
            if (upper <= logStartOffset) {
                reason = "below the log start offset " + logStartOffset;
            } else if (retention && config.retentionMs() >= 0
                    && nowMs - s.largestTimestamp() > config.retentionMs()) {
                reason = "largest timestamp " + s.largestTimestamp() + " is older than retention.ms "
                        + config.retentionMs();
            } else if (retention && config.retentionBytes() >= 0
                    && remaining - s.size() >= config.retentionBytes()) {
                reason = "log size " + remaining + " exceeds retention.bytes " + config.retentionBytes();
            }
            if (reason == null) {
                break;
            }
            reasons.add(reason);
            remaining -= s.size();
        }
        return reasons;
    }
}
