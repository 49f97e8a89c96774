package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.dto.ActiveTopicsEntity;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code /connectors/{name}/topics}: the topics a connector has used, and forgetting them ({@code PUT .../reset}, 202). */
@Path("/connectors/{connector}/topics")
@Produces(MediaType.APPLICATION_JSON)
public final class TopicsResource {

    private final Worker worker;

    public TopicsResource(Worker worker) {
        this.worker = worker;
    }

    @GET
    public Map<String, ActiveTopicsEntity> get(@PathParam("connector") String connector) {
        return Map.of(connector, new ActiveTopicsEntity(worker.activeTopics(connector)));
    }

    @PUT
    @Path("/reset")
    public Response reset(@PathParam("connector") String connector) {
        worker.resetActiveTopics(connector);
        return Response.accepted().build();
    }
}
