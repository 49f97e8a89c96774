/**
 * The {@code bin/ferry} command line (picocli): {@link io.ferry.runtime.cli.FerryCommand} with the
 * subcommands {@code broker} (the broker module's {@link io.ferry.broker.cli.BrokerCommand}) and
 * {@code standalone} ({@link io.ferry.runtime.cli.StandaloneCommand}), and {@code hash-password}
 * ({@link io.ferry.runtime.cli.HashPasswordCommand}: a line of the REST API's users file). Commands only parse
 * arguments and wire components; exit status 2 means invalid configuration or arguments.
 */
package io.ferry.runtime.cli;
