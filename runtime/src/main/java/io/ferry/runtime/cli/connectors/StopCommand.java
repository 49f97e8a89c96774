package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Command;

/** {@code connectors stop NAME}: {@code PUT /connectors/NAME/stop}. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a connector (PUT /connectors/NAME/stop): its tasks shut down, its configuration is kept; needed before offsets --reset or --set.")
public final class StopCommand extends NamedConnectorCommand {

    @Override
    protected int execute(ConnectClient client) {
        client.put(path() + "/stop", null);
        return done("stopped");
    }
}
