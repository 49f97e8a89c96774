/**
 * Partition storage: the segmented, append-only log of one partition ({@link io.ferry.broker.log.FileLog}: segment
 * files holding record batches exactly as producers sent them, a sparse offset index and a time index per segment),
 * the leader epoch cache and the per-partition checkpoint (log start offset, high watermark, recovery point),
 * start-up recovery of a torn tail, retention, compaction, and the {@link io.ferry.broker.log.LogManager} that owns
 * every partition directory under {@code log.dirs}. Nothing here knows about the network or the wire protocol beyond
 * the record format.
 */
package io.ferry.broker.log;
