package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectors restart NAME [--tasks all|failed]}: {@code POST /connectors/NAME/restart} with Kafka Connect's
 * {@code includeTasks} and {@code onlyFailed}.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restart a connector; with --tasks all its tasks too, with --tasks failed only the connector and tasks that failed."})
public final class RestartCommand extends NamedConnectorCommand {

    /** Which tasks restart with the connector. */
    enum Tasks { ALL, FAILED }

    /** The choices as typed (completion offers them in lower case). */
    static final class TaskChoices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("all", "failed").iterator();
        }
    }

    @Option(names = "--tasks", paramLabel = "all|failed", completionCandidates = TaskChoices.class, description = "all: restart the tasks too (includeTasks=true); "
            + "failed: only the failed connector and tasks (includeTasks=true&onlyFailed=true)")
    Tasks tasks;

    @Override
    protected int execute(ConnectClient client) {
        String query = tasks == null ? "" : "?includeTasks=true&onlyFailed=" + (tasks == Tasks.FAILED);
        JsonNode status = client.post(path() + "/restart" + query).body();
        if (json() && !status.isMissingNode()) {
            Json.print(out(), status);
            return ExitCode.OK;
        }
        if (status.isMissingNode()) {
            return done("restarted");
        }
        long restarting = 0;
        for (JsonNode task : status.path("tasks")) {
            restarting += "RESTARTING".equals(task.path("state").asText()) ? 1 : 0;
        }
        boolean connector = "RESTARTING".equals(status.path("connector").path("state").asText());
        String taskCount = restarting + (restarting == 1 ? " task" : " tasks");
        if (!connector && restarting == 0) {
            return done("has nothing to restart (nothing failed)");
        }
        return done(connector ? "restarting" + (restarting > 0 ? " with " + taskCount : "") : "restarting " + taskCount);
    }
}
