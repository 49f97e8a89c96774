package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Command;

/** {@code connectors pause NAME}: {@code PUT /connectors/NAME/pause}. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a connector and its tasks (PUT /connectors/NAME/pause): they stay assigned but process nothing.")
public final class PauseCommand extends NamedConnectorCommand {

    @Override
    protected int execute(ConnectClient client) {
        client.put(path() + "/pause", null);
        return done("paused");
    }
}
