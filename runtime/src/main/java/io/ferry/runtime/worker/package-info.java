/**
 * The worker: runs connectors and their tasks, and is the API the command line and the REST API
 * drive ({@link io.ferry.runtime.worker.Worker}: create or update, delete, pause, resume, stop,
 * restart, status).
 *
 * <ul>
 *   <li>{@link io.ferry.runtime.worker.Worker}: the registry of connectors on this worker and
 *       the operations on them; every operation is serialised by the worker's lock.</li>
 *   <li>{@link io.ferry.runtime.worker.ConnectorRunner}: one connector's lifecycle: the
 *       {@code Connector} instance, its task configurations, its
 *       {@link io.ferry.runtime.task.TaskRunner}s, its target state, reconfiguration when the
 *       connector asks for it.</li>
 *   <li>{@link io.ferry.runtime.worker.ConnectorValidator}: checks a configuration before it is
 *       accepted, collecting every problem.</li>
 *   <li>{@link io.ferry.runtime.worker.ConnectorOffsets}: a connector's offsets for the REST API: read in
 *       any state, altered or reset while it is stopped (after its {@code alterOffsets}); a source's in
 *       the offset store, a sink's in its consumer group through an admin client. A request that cannot be
 *       carried out as given raises {@link io.ferry.runtime.worker.InvalidRequestException} (400).</li>
 *   <li>{@link io.ferry.runtime.worker.ConnectorConfigStore}: where connectors created at runtime
 *       are kept ({@link io.ferry.runtime.worker.FileConnectorConfigStore}, one JSON file per
 *       connector in {@code ferry.connectors.dir}), with their target state.</li>
 * </ul>
 *
 * Lock order: the worker's lock, then a task runner's internal lock; task threads never take the
 * worker's lock (a connector's {@code requestTaskReconfiguration} is handed to the worker's own
 * thread).
 */
package io.ferry.runtime.worker;
