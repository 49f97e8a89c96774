package io.ferry.broker.log;

/** A timestamp and the offset of the record carrying it, with the leader epoch of its batch (-1 if unknown). */
public record TimestampOffset(long timestamp, long offset, int leaderEpoch) {
}
