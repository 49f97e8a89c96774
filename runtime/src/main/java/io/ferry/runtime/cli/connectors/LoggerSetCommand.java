package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code connectors loggers set LOGGER LEVEL}: {@code PUT /admin/loggers/LOGGER {"level": LEVEL}}. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Set a logger's level (and its descendants') on the worker: TRACE, DEBUG, INFO, WARN, ERROR or OFF.")
public final class LoggerSetCommand extends WorkerCommand {

    @Parameters(index = "0", paramLabel = "LOGGER", description = "a logger name, e.g. io.ferry.runtime or root")
    String logger;

    @Parameters(index = "1", paramLabel = "LEVEL", description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF")
    String level;

    @Override
    protected int execute(ConnectClient client) {
        JsonNode changed = client.put("/admin/loggers/" + ConnectClient.segment(logger), Json.object().put("level", level)).body();
        if (json()) {
            Json.print(out(), changed);
            return ExitCode.OK;
        }
        List<String> names = Json.strings(changed);
        out().println("logger/" + logger + " set to " + level + (names.size() > 1 ? " (" + names.size() + " loggers changed)" : ""));
        out().flush();
        return ExitCode.OK;
    }
}
