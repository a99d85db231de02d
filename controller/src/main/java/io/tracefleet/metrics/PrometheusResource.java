package io.tracefleet.metrics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@link PrometheusText} on the API port, so that a scraper needs neither the admin port (loopback by default) nor
 * its commands. A read like the others: it needs the token only when reads are protected.
 */
@Path("/metrics")
public final class PrometheusResource {
    private final PrometheusText text;

    public PrometheusResource(PrometheusText text) {
        this.text = text;
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return text.render();
    }
}
