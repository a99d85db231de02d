package io.tracefleet.api;

import com.codahale.metrics.health.HealthCheck;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The health checks on the API port, in the admin port's shape and status codes (200 all healthy, 500 not), so that
 * probes from outside the host reach them while the admin port stays on loopback.
 */
@Path("/healthcheck")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final Supplier<SortedMap<String, HealthCheck.Result>> checks;

    public HealthResource(Supplier<SortedMap<String, HealthCheck.Result>> checks) {
        this.checks = checks;
    }

    @GET
    public Response health() {
        Map<String, Map<String, Object>> body = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, HealthCheck.Result> check : checks.get().entrySet()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("healthy", check.getValue().isHealthy());
            if (check.getValue().getMessage() != null) {
                result.put("message", check.getValue().getMessage());
            }
            body.put(check.getKey(), result);
            healthy &= check.getValue().isHealthy();
        }
        return Response.status(healthy ? 200 : 500).entity(body).build();
    }
}
