package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.dto.TaskConfigEntity;
import io.ferry.runtime.rest.dto.TaskStateEntity;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.apache.kafka.connect.errors.NotFoundException;

/** {@code /connectors/{name}/tasks}: the tasks' configurations, one task's status, restarting one task. */
@Path("/connectors/{connector}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TasksResource {

    private final Worker worker;

    public TasksResource(Worker worker) {
        this.worker = worker;
    }

    @GET
    public List<TaskConfigEntity> configs(@PathParam("connector") String connector) {
        return worker.taskConfigs(connector).stream().map(Entities::taskConfig).toList();
    }

    @GET
    @Path("/{task}/status")
    public TaskStateEntity status(@PathParam("connector") String connector, @PathParam("task") String task) {
        TaskId id = taskId(connector, task);
        return Entities.task(worker.taskStatus(id), worker.taskMetrics());
    }

    /** Restarts one task with its current configuration (204). */
    @POST
    @Path("/{task}/restart")
    public Response restart(@PathParam("connector") String connector, @PathParam("task") String task) {
        worker.restartTask(taskId(connector, task));
        return Response.noContent().build();
    }

    /** The task, once its connector is known to exist (so that an unknown connector is reported as such). */
    private TaskId taskId(String connector, String task) {
        worker.connectorConfig(connector);
        try {
            int number = Integer.parseInt(task);
            if (number >= 0) {
                return new TaskId(connector, number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NotFoundException("Task " + connector + "-" + task + " not found");
    }
}
