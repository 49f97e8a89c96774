package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectors apply -f FILE|-}: creates the connector or replaces its configuration
 * ({@code PUT /connectors/NAME/config}); {@code --dry-run} only validates.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create a connector or update its configuration from a file (properties, flat JSON or "
                + "{\"name\":...,\"config\":{...}}), or standard input with -f -.",
                "Prints connector/NAME created, configured or unchanged; exit status 2 if the worker finds the configuration invalid."})
public final class ApplyCommand extends WorkerCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "the configuration, or - for standard input")
    String file;

    @Option(names = "--dry-run", description = "only validate (PUT /connector-plugins/{class}/config/validate) and print the errors per key")
    boolean dryRun;

    @Override
    protected int execute(ConnectClient client) {
        Map<String, String> config = ConfigInput.read(file, System.in);
        String name = config.get("name");
        if (dryRun) {
            return Validation.of(client, config).print(out(), err(), name, json());
        }
        Map<String, String> existing = current(client, name);
        if (config.equals(existing)) {
            report(name, "unchanged", client.get(connectorPath(name)).body());
            return ExitCode.OK;
        }
        ConnectClient.Reply reply;
        try {
            reply = client.put(connectorPath(name) + "/config", Json.MAPPER.valueToTree(config));
        } catch (RequestFailed e) {
            if (e.status() == 400) {
                throw new CliException(ExitCode.USAGE, "Invalid configuration of '" + name + "': " + e.serverMessage());
            }
            throw e;
        }
        report(name, reply.status() == 201 ? "created" : "configured", reply.body());
        return ExitCode.OK;
    }

    private void report(String name, String what, JsonNode info) {
        if (json()) {
            Json.print(out(), info);
        } else {
            out().println("connector/" + name + " " + what);
            out().flush();
        }
    }

    /** The connector's configuration, or null if it does not exist yet. */
    private static Map<String, String> current(ConnectClient client, String name) {
        try {
            return new LinkedHashMap<>(Json.sortedStrings(client.get(connectorPath(name) + "/config").body()));
        } catch (RequestFailed e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }
}
