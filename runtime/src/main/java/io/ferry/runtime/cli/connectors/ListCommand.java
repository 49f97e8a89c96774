package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code connectors list}: every connector with its type, state, running tasks and class. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = "List the connectors: name, type, state, tasks running of all, class (-o json: GET /connectors?expand=status&expand=info).")
public final class ListCommand extends WorkerCommand {

    @Option(names = "--names", hidden = true, description = "only the names, one a line (for shell completion)")
    boolean namesOnly;

    @Override
    protected int execute(ConnectClient client) {
        if (namesOnly) {
            Json.strings(client.get("/connectors").body()).forEach(out()::println);
            out().flush();
            return ExitCode.OK;
        }
        JsonNode connectors = client.get("/connectors?expand=status&expand=info").body();
        if (json()) {
            Json.print(out(), connectors);
            return ExitCode.OK;
        }
        Table table = new Table("NAME", "TYPE", "STATE", "TASKS", "CLASS").stateColumn("STATE");
        for (Map.Entry<String, JsonNode> entry : connectors.properties()) {
            JsonNode status = entry.getValue().path("status");
            JsonNode info = entry.getValue().path("info");
            long running = 0;
            for (JsonNode task : status.path("tasks")) {
                running += "RUNNING".equals(task.path("state").asText()) ? 1 : 0;
            }
            table.row(entry.getKey(), info.path("type").asText(status.path("type").asText()),
                    status.path("connector").path("state").asText(), running + "/" + status.path("tasks").size(),
                    info.path("config").path("connector.class").asText());
        }
        if (table.isEmpty()) {
            err().println("No connectors on " + client.target().url());
        } else {
            table.print(out(), colours());
        }
        return ExitCode.OK;
    }
}
