package io.watchword.ops.boundary;

import io.watchword.ops.control.Metrics;
import io.watchword.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /api/admin/metrics} (contract §9, admin role): Prometheus text format 0.0.4. */
@Path("admin/metrics")
public class MetricsResource {

    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Metrics metrics;

    @GET
    @Produces(PROMETHEUS_TEXT)
    public String scrape() {
        return metrics.scrape().orElseThrow(() ->
                ProblemException.notFound("Metrics are disabled (watchword.metrics.enabled=false)."));
    }
}
