/**
 * Task runners: each task of a connector runs on its own thread, with the connector's plugin
 * class loader as its context class loader.
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.task.TaskRunner}: the thread, the lifecycle
 *       (start, pause, resume, stop) and the task's status.</li>
 *   <li>{@link io.ferry.runtime.task.AbstractSourceTaskRunner}: what both source runners share:
 *       the loop (pause, poll, the batch in flight), transformations, converters, producer.</li>
 *   <li>{@link io.ferry.runtime.task.SourceTaskRunner}: at-least-once; source offsets are stored
 *       only once the broker has acknowledged every record up to them
 *       ({@link io.ferry.runtime.offset.SubmittedRecords}), every {@code offset.flush.interval.ms}
 *       and when the task stops.</li>
 *   <li>{@link io.ferry.runtime.task.ExactlyOnceSourceTaskRunner}: exactly-once
 *       ({@code exactly.once.source.support=enabled}): records and source offsets in one
 *       transaction, per {@code transaction.boundary}; {@link io.ferry.runtime.task.SourceTaskRunners}
 *       chooses the runner and fences zombies, {@link io.ferry.runtime.task.TransactionalIds} names
 *       the transactions.</li>
 *   <li>{@link io.ferry.runtime.task.SinkTaskRunner}: a consumer in group {@code connect-<name>},
 *       converters, transformations, {@code put} in batches, {@code preCommit}/{@code flush}
 *       and a synchronous commit of the offsets the task returns, rebalance callbacks, and the
 *       {@link org.apache.kafka.connect.sink.SinkTaskContext} operations.</li>
 *   <li>{@link io.ferry.runtime.task.TaskMetrics}: what each task has done (records polled and
 *       written, errors, offset commits, a sink's lag, the rate over the last minute), kept in the
 *       worker's {@link io.ferry.runtime.task.TaskMetricsRegistry} for the REST status and
 *       {@code /metrics}; tasks also report the topics they use to the status store.</li>
 *   <li>{@link io.ferry.runtime.task.RecordConverters}: key, value and header converters of one
 *       task; {@link io.ferry.runtime.task.ClientConfigs}: the settings of its Kafka clients.</li>
 * </ul>
 */
package io.ferry.runtime.task;
