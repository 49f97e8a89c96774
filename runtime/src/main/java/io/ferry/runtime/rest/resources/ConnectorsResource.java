package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.dto.ConnectorEntity;
import io.ferry.runtime.rest.dto.ConnectorStatusEntity;
import io.ferry.runtime.rest.dto.CreateConnectorRequest;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.task.TargetState;
import io.ferry.runtime.worker.ConnectorInfo;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.ferry.runtime.security.Redactor;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /connectors}: list, create, read, replace, patch and delete connectors, their status, and
 * pause, resume, stop and restart them. Every call is synchronous on the worker, which serialises
 * changes; errors reach the client through the one exception mapper.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConnectorsResource {

    private static final Logger log = LoggerFactory.getLogger(ConnectorsResource.class);

    private final Worker worker;

    public ConnectorsResource(Worker worker) {
        this.worker = worker;
    }

    /** The names, or with {@code ?expand=status} and/or {@code ?expand=info} a map of name to those. */
    @GET
    public Object list(@QueryParam("expand") List<String> expand) {
        List<String> names = worker.connectors();
        if (expand == null || expand.isEmpty()) {
            return names;
        }
        Map<String, Map<String, Object>> result = new TreeMap<>();
        for (String name : names) {
            Map<String, Object> expansions = new LinkedHashMap<>();
            try {
                for (String expansion : expand) {
                    switch (expansion) {
                        case "status" -> expansions.put("status", Entities.status(worker.status(name), worker));
                        case "info" -> expansions.put("info", Entities.connector(worker.connectorInfo(name)));
                        default -> log.debug("Ignoring unknown expansion {}", expansion);
                    }
                }
                result.put(name, expansions);
            } catch (NotFoundException e) {
                log.debug("Connector {} was deleted while it was listed", name);
            }
        }
        return result;
    }

    /** Creates a connector: 201 with its location, or 409 if it exists. */
    @POST
    public Response create(CreateConnectorRequest request) {
        if (request == null) {
            throw new BadRequestException("The request body must be {\"name\": ..., \"config\": {...}}");
        }
        if (request.config() == null) {
            throw new BadRequestException("The request has no \"config\" object");
        }
        String name = request.name() == null ? "" : request.name().trim();
        TargetState initial = initialState(request.initialState());
        ConnectorInfo info = worker.create(name, Entities.config(request.config(), false), initial);
        return Response.created(location(name)).entity(Entities.connector(info)).build();
    }

    private static TargetState initialState(String value) {
        if (value == null) {
            return TargetState.STARTED;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> TargetState.STARTED;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new BadRequestException("\"initial_state\" must be RUNNING, PAUSED or STOPPED, not '" + value + "'");
        };
    }

    private static URI location(String name) {
        return UriBuilder.fromUri("/connectors").path(name).build();
    }

    @GET
    @Path("/{connector}")
    public ConnectorEntity get(@PathParam("connector") String name) {
        return Entities.connector(worker.connectorInfo(name));
    }

    /** Deletes a connector (204); with {@code ?deleteOffsets=true} its offsets too. */
    @DELETE
    @Path("/{connector}")
    public Response delete(@PathParam("connector") String name, @QueryParam("deleteOffsets") @DefaultValue("false") boolean deleteOffsets) {
        worker.delete(name, deleteOffsets);
        return Response.noContent().build();
    }

    @GET
    @Path("/{connector}/config")
    public Map<String, String> config(@PathParam("connector") String name) {
        return new TreeMap<>(Redactor.config(worker.connectorConfig(name)));
    }

    private Map<String, String> storedConfig(String name) {
        // One look-up: checking for the connector, then reading it, would race with a concurrent DELETE (a 404 for a PUT).
        return worker.findConnectorConfig(name).orElse(Map.of());
    }

    /** Creates (201) or replaces (200) a connector's configuration. */
    @PUT
    @Path("/{connector}/config")
    public Response putConfig(@PathParam("connector") String name, Map<String, String> config) {
        Worker.Upsert result = worker.upsert(name, Entities.config(Entities.unmask(config, storedConfig(name)), false));
        Response.ResponseBuilder response = result.created() ? Response.created(location(name)) : Response.ok();
        return response.entity(Entities.connector(result.info())).build();
    }

    /** Changes some keys (a null value removes the key). */
    @PATCH
    @Path("/{connector}/config")
    public ConnectorEntity patchConfig(@PathParam("connector") String name, Map<String, String> changes) {
        return Entities.connector(worker.patch(name, Entities.config(Entities.unmask(changes, storedConfig(name)),
                true)));
    }

    @GET
    @Path("/{connector}/status")
    public ConnectorStatusEntity status(@PathParam("connector") String name) {
        return Entities.status(worker.status(name), worker);
    }

    @PUT
    @Path("/{connector}/pause")
    public Response pause(@PathParam("connector") String name) {
        worker.pause(name);
        return Response.accepted().build();
    }

    @PUT
    @Path("/{connector}/resume")
    public Response resume(@PathParam("connector") String name) {
        worker.resume(name);
        return Response.accepted().build();
    }

    @PUT
    @Path("/{connector}/stop")
    public Response stop(@PathParam("connector") String name) {
        worker.stop(name);
        return Response.accepted().build();
    }

    /**
     * Restarts the connector (200, no body) or, with {@code includeTasks} or {@code onlyFailed}, the
     * connector and/or tasks: 202 with the status showing what is restarting.
     */
    @POST
    @Path("/{connector}/restart")
    public Response restart(@PathParam("connector") String name,
                            @QueryParam("includeTasks") @DefaultValue("false") boolean includeTasks,
                            @QueryParam("onlyFailed") @DefaultValue("false") boolean onlyFailed) {
        if (!includeTasks && !onlyFailed) {
            worker.restart(name);
            return Response.ok().build();
        }
        ConnectorStateInfo plan = worker.restart(name, includeTasks, onlyFailed);
        return Response.accepted().entity(Entities.status(plan, worker)).build();
    }
}
