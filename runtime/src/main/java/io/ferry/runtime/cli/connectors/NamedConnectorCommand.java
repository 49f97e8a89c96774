package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Parameters;

/** A verb about one connector, named by its first parameter (completed with the worker's connector names). */
public abstract class NamedConnectorCommand extends WorkerCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "the connector", completionCandidates = ConnectorNames.class)
    String name;

    @Override
    protected String connector() {
        return name;
    }

    /** {@code /connectors/NAME}. */
    protected String path() {
        return connectorPath(name);
    }

    /** Prints "connector/NAME what" for people, or {@code {"name":..,"result":..}} for scripts. */
    protected int done(String what) {
        if (json()) {
            Json.print(out(), Json.object().put("name", name).put("result", what));
        } else {
            out().println("connector/" + name + " " + what);
            out().flush();
        }
        return ExitCode.OK;
    }
}
