package io.ferry.broker.log;

import org.apache.kafka.common.record.internal.Records;

/**
 * Records read from a log (a zero-copy file slice, possibly empty) and the log offsets at the time of the read.
 */
public record ReadResult(Records records, long logStartOffset, long logEndOffset, long highWatermark) {
}
