package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code connectors describe NAME}: type, state, topics, the configuration sorted by key, and each task with its trace. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Show a connector: type, state, topics, its configuration sorted by key, and its tasks with state, "
                + "worker and the trace of a failure.",
                "-o json: {\"name\",\"type\",\"config\",\"status\",\"topics\"}."})
public final class DescribeCommand extends NamedConnectorCommand {

    @Override
    protected int execute(ConnectClient client) {
        String path = path();
        JsonNode info = client.get(path).body();
        JsonNode status = client.get(path + "/status").body();
        List<String> topics = topics(client, path);
        if (json()) {
            ObjectNode all = Json.object();
            all.put("name", name);
            all.set("type", info.path("type"));
            all.set("config", Json.MAPPER.valueToTree(Json.sortedStrings(info.path("config"))));
            all.set("status", status);
            all.set("topics", Json.MAPPER.valueToTree(topics));
            Json.print(out(), all);
            return ExitCode.OK;
        }
        print(out(), info, status, topics);
        return ExitCode.OK;
    }

    /** The connector's active topics, or none if the worker does not track them. */
    private List<String> topics(ConnectClient client, String path) {
        try {
            return Json.strings(client.get(path + "/topics").body().path(name).path("topics"));
        } catch (RequestFailed e) {
            return List.of();
        }
    }

    private void print(PrintWriter out, JsonNode info, JsonNode status, List<String> topics) {
        Colours colours = colours();
        JsonNode connector = status.path("connector");
        out.println("Name:     " + name);
        out.println("Type:     " + info.path("type").asText());
        out.println("State:    " + colours.state(connector.path("state").asText()) + " on " + connector.path("worker_id").asText());
        if (connector.hasNonNull("trace")) {
            out.println(indent(connector.get("trace").asText(), "          "));
        }
        out.println("Topics:   " + (topics.isEmpty() ? "(none yet)" : String.join(", ", topics)));
        out.println();
        out.println(colours.bold("Config:"));
        Map<String, String> config = Json.sortedStrings(info.path("config"));
        int width = config.keySet().stream().mapToInt(String::length).max().orElse(0);
        config.forEach((key, value) -> out.println("  " + key + " ".repeat(width - key.length()) + "   " + value));
        out.println();
        out.println(colours.bold("Tasks:"));
        if (status.path("tasks").isEmpty()) {
            out.println("  (none)");
        }
        Table tasks = new Table("ID", "STATE", "WORKER").stateColumn("STATE");
        for (JsonNode task : status.path("tasks")) {
            tasks.row(task.path("id").asText(), task.path("state").asText(), task.path("worker_id").asText());
        }
        if (!tasks.isEmpty()) {
            StringWriter text = new StringWriter();
            tasks.print(new PrintWriter(text), colours);
            out.print(indent(text.toString().stripTrailing(), "  ") + System.lineSeparator());
        }
        for (JsonNode task : status.path("tasks")) {
            if (task.hasNonNull("trace")) {
                out.println();
                out.println("  Task " + task.path("id").asText() + " trace:");
                out.println(indent(task.get("trace").asText(), "    "));
            }
        }
        out.flush();
    }

    private static String indent(String text, String prefix) {
        return prefix + text.stripTrailing().replace("\n", "\n" + prefix);
    }
}
