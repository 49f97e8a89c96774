package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.dto.HealthEntity;
import io.ferry.runtime.rest.dto.ServerInfoEntity;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /}: versions and the Kafka cluster id; {@code GET /health}: whether the worker answers. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class RootResource {

    private static final Logger log = LoggerFactory.getLogger(RootResource.class);
    /** How long the worker may take to answer the health check before it is reported unhealthy. */
    static final long HEALTH_TIMEOUT_MS = 10_000;

    private final Worker worker;
    private final Executor healthChecks;

    /** @param healthChecks runs the health check's call into the worker, so that a stuck worker is detected by a timeout */
    public RootResource(Worker worker, Executor healthChecks) {
        this.worker = worker;
        this.healthChecks = healthChecks;
    }

    @GET
    public ServerInfoEntity info() {
        String clusterId = null;
        try {
            clusterId = worker.kafkaClusterId();
        } catch (ConnectException e) {
            log.warn("GET / without the Kafka cluster id: {}", e.getMessage());
        }
        return new ServerInfoEntity(AppInfoParser.getVersion(), AppInfoParser.getCommitId(), clusterId);
    }

    /** 200 {@code healthy} if the worker answers within {@value #HEALTH_TIMEOUT_MS} ms, else 500 {@code unhealthy}. */
    @GET
    @Path("health")
    public Response health() {
        try {
            CompletableFuture.supplyAsync(worker::connectors, healthChecks).get(HEALTH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Response.ok(new HealthEntity("healthy", "Worker has completed startup and is ready to handle requests.")).build();
        } catch (TimeoutException e) {
            return unhealthy("Worker was unable to handle this request within " + HEALTH_TIMEOUT_MS + " ms and may be unable to "
                    + "handle other requests");
        } catch (ExecutionException e) {
            return unhealthy("Worker failed to handle this request: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unhealthy("Interrupted");
        }
    }

    private static Response unhealthy(String message) {
        return Response.serverError().entity(new HealthEntity("unhealthy", message)).build();
    }
}
