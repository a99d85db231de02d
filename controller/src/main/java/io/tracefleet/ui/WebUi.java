package io.tracefleet.ui;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.assets.AssetServlet;
import io.tracefleet.api.StatusResource;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.status.StatusStore;
import jakarta.servlet.DispatcherType;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/**
 * The web UI on the API port, beside the REST API: static files from the jar under /ui/, and the read endpoints
 * under /view/ that the pages need. Actions go to the API's own token-protected endpoints, so the UI grants nothing
 * the API does not.
 */
public final class WebUi {
    public static final String PATH = "/ui/";

    private WebUi() {
    }

    /** @param statusApi the API's own /status, for the fleet view's summary of the controller */
    public static void serve(Environment environment, Reconciler reconciler, StatusStore status,
                             StatusResource statusApi) {
        environment.servlets().addServlet("ui", new AssetServlet("/ui", "/ui", "index.html",
                StandardCharsets.UTF_8)).addMapping("/ui/*");
        environment.servlets().addFilter("ui-security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/ui/*");
        environment.jersey().register(new ViewResource(reconciler, status, statusApi));
    }
}
