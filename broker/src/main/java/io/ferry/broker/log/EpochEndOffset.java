package io.ferry.broker.log;

/** The answer to OffsetForLeaderEpoch: an epoch known to the log and the offset at which it ended. */
public record EpochEndOffset(int leaderEpoch, long endOffset) {
    /** No epoch at or below the one asked for. */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);
}
