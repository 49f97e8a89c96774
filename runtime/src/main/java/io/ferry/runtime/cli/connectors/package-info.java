/**
 * {@code bin/ferry connectors <verb>}: kubectl-like verbs over a worker's Kafka Connect REST API ({@code list},
 * {@code describe}, {@code apply}, {@code delete}, {@code pause}, {@code resume}, {@code stop}, {@code restart},
 * {@code offsets}, {@code plugins}, {@code validate}, {@code loggers}).
 * <ul>
 *   <li>{@link io.ferry.runtime.cli.connectors.ConnectorsCommand} is the group; each verb is one small command
 *       extending {@link io.ferry.runtime.cli.connectors.WorkerCommand}, which resolves the worker
 *       ({@link io.ferry.runtime.cli.connectors.ClientOptions}, {@link io.ferry.runtime.cli.connectors.Contexts}) and
 *       turns failures into one line on stderr and an {@link io.ferry.runtime.cli.connectors.ExitCode}.</li>
 *   <li>{@link io.ferry.runtime.cli.connectors.ConnectClient} speaks HTTP (java.net.http, Jackson trees);
 *       {@link io.ferry.runtime.cli.connectors.Table} and {@link io.ferry.runtime.cli.connectors.Colours} render for
 *       people, {@code -o json} prints JSON for scripts.</li>
 * </ul>
 * Nothing here depends on the worker's classes: the commands only know the REST API's JSON shapes.
 */
package io.ferry.runtime.cli.connectors;
