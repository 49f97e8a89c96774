package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connectors plugins [--all]}: the connector classes the worker can run (with --all, every plugin type). */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the connector plugins installed on the worker: class, type, version (GET /connector-plugins).")
public final class PluginsCommand extends WorkerCommand {

    @Option(names = "--all", description = "converters, transformations and predicates too (connectorsOnly=false)")
    boolean all;

    @Override
    protected int execute(ConnectClient client) {
        JsonNode plugins = client.get("/connector-plugins" + (all ? "?connectorsOnly=false" : "")).body();
        if (json()) {
            Json.print(out(), plugins);
            return ExitCode.OK;
        }
        Table table = new Table("CLASS", "TYPE", "VERSION");
        plugins.forEach(p -> table.row(p.path("class").asText(), p.path("type").asText(), p.path("version").asText()));
        table.print(out(), colours());
        return ExitCode.OK;
    }
}
