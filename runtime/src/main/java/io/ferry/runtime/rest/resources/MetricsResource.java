package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.metrics.PrometheusMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /metrics}: the worker's and the JVM's metrics in Prometheus' text format. */
@Path("/metrics")
public final class MetricsResource {

    private final PrometheusMetrics metrics;

    public MetricsResource(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces(PrometheusMetrics.CONTENT_TYPE)
    public String scrape() {
        return metrics.scrape();
    }
}
