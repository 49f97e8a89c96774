/**
 * Consumer groups with Kafka's classic group protocol: the {@link io.ferry.broker.group.GroupCoordinator} runs each
 * {@link io.ferry.broker.group.ClassicGroup}'s state machine (Empty, PreparingRebalance, CompletingRebalance,
 * Stable, Dead) with join, sync, heartbeat and leave; committed offsets and group metadata are written to the
 * internal compacted topic {@code __consumer_offsets} ({@link io.ferry.broker.group.GroupRecords} is its record
 * format) and replayed from it at start-up, so they survive restarts.
 *
 * <p>Lock order: a group's monitor, then a partition's (through the coordinator log). Timers never hold a group lock
 * while waiting.
 */
package io.ferry.broker.group;
