/**
 * Source offsets: where each source task has got to, by source partition, so that a restarted
 * task resumes there.
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.offset.OffsetStore}: the storage interface, one namespace per
 *       connector; {@link io.ferry.runtime.offset.FileOffsetStore} keeps it in one JSON file
 *       written atomically (temporary file, fsync, rename), so a crash leaves the old or the new
 *       offsets, never a torn file. {@link io.ferry.runtime.offset.TopicOffsetStore} keeps them
 *       in a compacted topic read with {@code read_committed} (exactly-once sources write to it in
 *       their transactions); {@link io.ferry.runtime.offset.TopicOffsetStores} is the worker's
 *       store with exactly-once sources (its topic plus connectors' own offsets topics, read through
 *       {@link io.ferry.runtime.offset.LayeredOffsetStore}).</li>
 *   <li>{@link io.ferry.runtime.offset.SubmittedRecords}: records sent to the broker and not yet
 *       acknowledged, per source partition. An offset becomes committable only when the broker
 *       has acknowledged its record and every earlier record of the same source partition.</li>
 *   <li>{@link io.ferry.runtime.offset.StoreOffsetReader}: the {@code OffsetStorageReader} that
 *       tasks and connectors read their offsets with.</li>
 * </ul>
 *
 * Sink offsets are not here: they are the consumer group {@code connect-<name>}'s committed
 * offsets, kept by the broker.
 */
package io.ferry.runtime.offset;
