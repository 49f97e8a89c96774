package io.ferry.broker.producer;

/** One appended batch of a producer: its sequence range, offsets and timestamp (for duplicate answers). */
public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
}
