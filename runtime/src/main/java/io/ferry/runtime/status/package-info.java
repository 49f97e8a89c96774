/**
 * What connectors and tasks are doing: {@link io.ferry.runtime.status.State}, one
 * {@link io.ferry.runtime.status.ConnectorStatus} per connector and one
 * {@link io.ferry.runtime.status.TaskStatus} per task, held in the
 * {@link io.ferry.runtime.status.StatusStore} that the worker writes and the REST API reads.
 * A failure keeps its stack trace in the status ({@code trace}), as Kafka Connect's status
 * endpoint shows it. The store also keeps each connector's active topics ({@code GET /connectors/{name}/topics}).
 */
package io.ferry.runtime.status;
