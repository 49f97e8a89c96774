package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connector configuration checked by the worker ({@code PUT /connector-plugins/{class}/config/validate}) without
 * creating anything: the errors per key, as {@code validate} and {@code apply --dry-run} print them.
 */
final class Validation {

    private final JsonNode reply;

    private Validation(JsonNode reply) {
        this.reply = reply;
    }

    /**
     * @throws CliException (usage) if the configuration has no connector.class
     */
    static Validation of(ConnectClient client, Map<String, String> config) {
        String connectorClass = config.get("connector.class");
        if (connectorClass == null || connectorClass.isBlank()) {
            throw new CliException(ExitCode.USAGE, "The configuration of '" + config.get("name") + "' has no connector.class");
        }
        String path = "/connector-plugins/" + ConnectClient.segment(connectorClass.trim()) + "/config/validate";
        return new Validation(client.put(path, Json.MAPPER.valueToTree(config)).body());
    }

    int errorCount() {
        return reply.path("error_count").asInt();
    }

    JsonNode reply() {
        return reply;
    }

    /** Each key with errors, sorted, with its messages. */
    Map<String, String> errors() {
        Map<String, String> errors = new TreeMap<>();
        for (JsonNode config : reply.path("configs")) {
            JsonNode value = config.path("value");
            if (!value.path("errors").isEmpty()) {
                errors.put(value.path("name").asText(), String.join("; ", Json.strings(value.path("errors"))));
            }
        }
        return errors;
    }

    /** "name: valid" or the errors per key; returns the exit status (usage error if invalid). */
    int print(PrintWriter out, PrintWriter err, String name, boolean json) {
        if (json) {
            Json.print(out, reply);
        } else if (errorCount() == 0) {
            out.println("connector/" + name + " is valid");
        } else {
            Table table = new Table("KEY", "ERROR");
            errors().forEach(table::row);
            table.print(out, Colours.auto());
        }
        out.flush();
        if (errorCount() > 0) {
            err.println(errorCount() + (errorCount() == 1 ? " error" : " errors") + " in the configuration of '" + name + "'");
            return ExitCode.USAGE;
        }
        return ExitCode.OK;
    }
}
