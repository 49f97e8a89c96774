package io.ferry.runtime.cli.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectors offsets NAME [--reset | --set JSON]}: shows ({@code GET}), resets ({@code DELETE}) or alters
 * ({@code PATCH}) {@code /connectors/NAME/offsets}; changes need the connector STOPPED.
 */
@Command(name = "offsets", mixinStandardHelpOptions = true,
        description = {"Show a connector's offsets, or reset or set them while it is stopped.",
                "Stop it first (connectors stop NAME); --reset forgets them all; --set '{\"offsets\":[{\"partition\":{...},\"offset\":{...}}]}' (or just the list) "
                        + "alters some, an offset of null resetting that partition."})
public final class OffsetsCommand extends NamedConnectorCommand {

    /** At most one change. */
    static final class Change {
        @Option(names = "--reset", description = "reset every offset (DELETE /connectors/NAME/offsets)")
        boolean reset;

        @Option(names = "--set", paramLabel = "JSON", description = "alter offsets (PATCH /connectors/NAME/offsets)")
        String set;
    }

    @ArgGroup(exclusive = true)
    Change change;

    @Override
    protected int execute(ConnectClient client) {
        String path = path() + "/offsets";
        if (change != null && change.reset) {
            return result(client.delete(path).body());
        }
        if (change != null && change.set != null) {
            return result(client.patch(path, body(change.set)).body());
        }
        JsonNode offsets = client.get(path).body();
        if (json()) {
            Json.print(out(), offsets);
            return ExitCode.OK;
        }
        Table table = new Table("PARTITION", "OFFSET");
        for (JsonNode entry : offsets.path("offsets")) {
            table.row(Json.compact(entry.path("partition")), Json.compact(entry.path("offset")));
        }
        if (table.isEmpty()) {
            err().println("connector/" + name + " has no offsets");
        } else {
            table.print(out(), colours());
        }
        return ExitCode.OK;
    }

    /** {@code {"offsets":[...]}}, from that object or from the bare list. */
    static JsonNode body(String text) {
        JsonNode given = Json.parse(text, "--set");
        if (given.isArray()) {
            ArrayNode list = (ArrayNode) given;
            return Json.object().set("offsets", list);
        }
        if (!given.isObject() || !given.path("offsets").isArray()) {
            throw new CliException(ExitCode.USAGE, "--set takes {\"offsets\":[{\"partition\":{...},\"offset\":{...}}]} or the list alone");
        }
        return given;
    }

    /** The worker's message ("The offsets for this connector have been reset successfully"). */
    private int result(JsonNode reply) {
        if (json()) {
            Json.print(out(), reply);
        } else {
            out().println("connector/" + name + ": " + reply.path("message").asText("done"));
            out().flush();
        }
        return ExitCode.OK;
    }
}
