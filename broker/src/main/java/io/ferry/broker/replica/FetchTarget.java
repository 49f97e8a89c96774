package io.ferry.broker.replica;

import io.ferry.broker.partition.Partition;

/** A partition a fetcher replicates: the local replica and the leader epoch it follows. */
record FetchTarget(Partition partition, int leaderEpoch) {
}
