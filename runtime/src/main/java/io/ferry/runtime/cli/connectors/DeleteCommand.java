package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connectors delete NAME [--offsets]}: {@code DELETE /connectors/NAME[?deleteOffsets=true]}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a connector (its offsets are kept, as in Kafka Connect, unless --offsets).")
public final class DeleteCommand extends NamedConnectorCommand {

    @Option(names = "--offsets", description = "delete its offsets too, so that a connector created again with this name starts afresh")
    boolean offsets;

    @Override
    protected int execute(ConnectClient client) {
        client.delete(path() + (offsets ? "?deleteOffsets=true" : ""));
        return done(offsets ? "deleted with its offsets" : "deleted");
    }
}
