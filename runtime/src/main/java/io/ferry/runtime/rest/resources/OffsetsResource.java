package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.dto.MessageEntity;
import io.ferry.runtime.rest.dto.OffsetsEntity;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /connectors/{name}/offsets}: read a connector's offsets in any state; alter or reset them
 * while it is STOPPED (else 400). Source offsets are what the connector defines; sink offsets are
 * {@code {"kafka_topic", "kafka_partition"}} → {@code {"kafka_offset"}}, kept in the consumer group
 * {@code connect-<name>}.
 */
@Path("/connectors/{connector}/offsets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OffsetsResource {

    private static final String PARTIAL = "The Connect framework-managed offsets for this connector have been %s successfully. "
            + "However, if this connector manages offsets externally, they will need to be manually %s in the system that the "
            + "connector uses.";

    private final Worker worker;

    public OffsetsResource(Worker worker) {
        this.worker = worker;
    }

    @GET
    public OffsetsEntity get(@PathParam("connector") String connector) {
        return Entities.offsets(worker.offsets(connector));
    }

    @PATCH
    public MessageEntity alter(@PathParam("connector") String connector, OffsetsEntity body) {
        boolean acknowledged = worker.alterOffsets(connector, Entities.offsets(body));
        return message(acknowledged, "altered");
    }

    @DELETE
    public MessageEntity reset(@PathParam("connector") String connector) {
        boolean acknowledged = worker.resetOffsets(connector);
        return message(acknowledged, "reset");
    }

    private static MessageEntity message(boolean acknowledged, String what) {
        return new MessageEntity(acknowledged ? "The offsets for this connector have been " + what + " successfully"
                : String.format(PARTIAL, what, what));
    }
}
