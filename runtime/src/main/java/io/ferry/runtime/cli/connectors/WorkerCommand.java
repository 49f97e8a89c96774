package io.ferry.runtime.cli.connectors;

import io.ferry.broker.config.KeySuggestions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A verb of {@code bin/ferry connectors}: resolves the worker from the {@link ClientOptions}, runs, and turns an
 * expected failure into one line on stderr and its {@link ExitCode}. A connector that does not exist is answered
 * with the names of those that do.
 */
public abstract class WorkerCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        ConnectClient client = null;
        try {
            client = new ConnectClient(options.target());
            return execute(client);
        } catch (RequestFailed e) {
            String message = e.status() == 404 && connector() != null ? notFound(client, connector()) : e.getMessage();
            err().println(message);
            return e.exitCode();
        } catch (CliException e) {
            err().println(e.getMessage());
            return e.exitCode();
        }
    }

    /** Runs the command against the worker; returns the exit status. */
    protected abstract int execute(ConnectClient client);

    /** The connector this command is about, or null: a 404 then lists the connectors that exist. */
    protected String connector() {
        return null;
    }

    /** The path of a connector, {@code /connectors/NAME}, with the name encoded. */
    protected static String connectorPath(String name) {
        return "/connectors/" + ConnectClient.segment(name);
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected boolean json() {
        return options.json();
    }

    protected Colours colours() {
        return Colours.auto();
    }

    /** "Connector 'x' not found on URL; connectors: a, b (did you mean a?)". */
    static String notFound(ConnectClient client, String name) {
        String where = " on " + client.target().url();
        List<String> names;
        try {
            names = Json.strings(client.get("/connectors").body());
        } catch (CliException e) {
            return "Connector '" + name + "' not found" + where;
        }
        if (names.isEmpty()) {
            return "Connector '" + name + "' not found" + where + "; there are no connectors";
        }
        return "Connector '" + name + "' not found" + where + "; connectors: " + String.join(", ", names.stream().sorted().toList())
                + KeySuggestions.hint(name, names);
    }
}
