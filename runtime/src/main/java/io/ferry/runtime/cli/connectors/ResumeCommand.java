package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Command;

/** {@code connectors resume NAME}: {@code PUT /connectors/NAME/resume}. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused or stopped connector (PUT /connectors/NAME/resume).")
public final class ResumeCommand extends NamedConnectorCommand {

    @Override
    protected int execute(ConnectClient client) {
        client.put(path() + "/resume", null);
        return done("resumed");
    }
}
