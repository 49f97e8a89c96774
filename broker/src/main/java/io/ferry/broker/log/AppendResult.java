package io.ferry.broker.log;

/**
 * What an append did: the offsets assigned to the first and last record, the log-append time (or -1 when the topic
 * keeps producer timestamps), the log start offset after the append, and the number of records and bytes.
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTime, long logStartOffset,
                           int recordCount, int sizeInBytes) {
}
