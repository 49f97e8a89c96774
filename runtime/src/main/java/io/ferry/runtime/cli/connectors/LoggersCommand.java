package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code connectors loggers}: the worker's loggers with a level set ({@code GET /admin/loggers}); {@code loggers set} changes one. */
@Command(name = "loggers", mixinStandardHelpOptions = true, subcommands = LoggerSetCommand.class,
        description = {"List the worker's loggers that have a level (GET /admin/loggers).",
                "loggers set LOGGER LEVEL changes one at runtime (until the worker restarts)."})
public final class LoggersCommand extends WorkerCommand {

    @Override
    protected int execute(ConnectClient client) {
        JsonNode loggers = client.get("/admin/loggers").body();
        if (json()) {
            Json.print(out(), loggers);
            return ExitCode.OK;
        }
        Table table = new Table("LOGGER", "LEVEL", "LAST MODIFIED");
        for (Map.Entry<String, JsonNode> logger : loggers.properties()) {
            JsonNode modified = logger.getValue().path("last_modified");
            table.row(logger.getKey(), logger.getValue().path("level").asText(),
                    modified.isNumber() ? Instant.ofEpochMilli(modified.asLong()).toString() : "");
        }
        table.print(out(), colours());
        return ExitCode.OK;
    }
}
