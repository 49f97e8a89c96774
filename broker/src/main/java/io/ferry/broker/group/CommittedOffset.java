package io.ferry.broker.group;

import java.util.Optional;

/** A committed offset of one partition for one group. */
public record CommittedOffset(long offset, Optional<Integer> leaderEpoch, String metadata, long commitTimestamp) {
}
