package io.tracefleet.ui;

import io.tracefleet.api.ApiError;
import io.tracefleet.api.StatusResource;
import io.tracefleet.api.Views;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.spec.SpecDocument;
import io.tracefleet.spec.model.TracedApplication;
import io.tracefleet.status.ApplicationState;
import io.tracefleet.status.Event;
import io.tracefleet.status.StatusStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * Read endpoints the web UI needs beyond the status API: the shape of each application and a revision to poll.
 * Like every read they make no AWS call.
 */
@Path("/view")
@Produces(MediaType.APPLICATION_JSON)
public final class ViewResource {
    /** Drift the reconciler reports as different from the spec, not a field it corrected this pass. */
    private static final java.util.Set<String> DIFFERENT = java.util.Set.of("OutOfSync", "Missing", "Conflict",
            "Unproven", "PendingDeletion");

    private final Reconciler reconciler;
    private final StatusStore status;
    private final StatusResource statusViews;

    public ViewResource(Reconciler reconciler, StatusStore status, StatusResource statusViews) {
        this.reconciler = reconciler;
        this.status = status;
        this.statusViews = statusViews;
    }

    /**
     * What the fleet view shows: /status without the resources, each application with its counts instead. At
     * 1,000 services /status is 1.3 MB, all of it resources the fleet does not draw.
     */
    @GET
    @Path("fleet")
    public Fleet fleet() {
        Views.Status all = statusViews.status();
        Map<String, Topology.Summary> summaries = new java.util.HashMap<>();
        applications().forEach(summary -> summaries.put(summary.name(), summary));
        return new Fleet(all.controller(), all.applications().stream().map(a -> {
            Topology.Summary summary = summaries.get(a.name());
            long drifted = a.resources().stream().filter(r -> DIFFERENT.contains(r.sync())).count();
            long failed = a.resources().stream().filter(r -> "Error".equals(r.sync())).count();
            return new FleetApplication(a.name(), a.region(), a.sync(), a.health(), a.paused(), a.lastCycleAt(),
                    a.lastCycleMillis(), a.lastError(), a.specProblem(), summary == null ? null : summary.file(),
                    summary == null ? null : summary.selfHeal(), summary == null ? null : summary.sidecar(),
                    drifted, failed, a.resources().size());
        }).toList());
    }

    public record Fleet(Views.Controller controller, List<FleetApplication> applications) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record FleetApplication(String name, String region, String sync, String health, boolean paused,
                                   java.time.Instant lastCycleAt, Long lastCycleMillis, String lastError,
                                   String specProblem, String file, Boolean selfHeal, String sidecar, long drifted,
                                   long failed, int resources) {
    }

    /** The applications in force, with what /status does not say: spec file, selfHeal, sidecar. */
    @GET
    @Path("applications")
    public List<Topology.Summary> applications() {
        return reconciler.specs().applications().stream()
                .map(a -> Topology.summary(a, fileOf(a.name()), reconciler.isPaused(a.name()))).toList();
    }

    @GET
    @Path("applications/{app}")
    public Topology.Application application(@PathParam("app") String name) {
        TracedApplication application = reconciler.specs().applications().stream()
                .filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.of(Response.Status.NOT_FOUND, "no application named '" + name
                        + "' is in force; GET /specs lists the loaded documents"));
        return Topology.of(application, fileOf(name), reconciler.isPaused(name));
    }

    /**
     * Changes whenever anything a view shows may have changed: a cycle recorded, an event, a pause, a spec read.
     * Polling this small answer lets a page stay current without fetching everything every few seconds.
     */
    @GET
    @Path("revision")
    public Map<String, String> revision() {
        StringBuilder seen = new StringBuilder();
        seen.append(status.passesCompleted()).append('|');
        for (ApplicationState state : status.states()) {
            seen.append(state.result().application()).append('@').append(state.result().startedAt()).append('|');
        }
        List<Event> events = status.events().since(null);
        seen.append(events.isEmpty() ? 0 : events.get(events.size() - 1).sequence()).append('|');
        for (TracedApplication application : reconciler.specs().applications()) {
            seen.append(application.name()).append(reconciler.isPaused(application.name()) ? "+p" : "").append('|');
        }
        // A new load is a new object; what it read may differ even when nothing above does (a file turned invalid).
        seen.append(System.identityHashCode(reconciler.specs().lastLoad()));
        return Map.of("revision", Integer.toHexString(seen.toString().hashCode()));
    }

    private String fileOf(String application) {
        java.nio.file.Path directory = reconciler.specs().directory().toAbsolutePath();
        return reconciler.specs().lastLoad().documents().stream()
                .filter(d -> application.equals(d.name())).map(SpecDocument::file).findFirst()
                .map(f -> f.toAbsolutePath().startsWith(directory) ? directory.relativize(f.toAbsolutePath())
                        .toString() : f.toString()).orElse(null);
    }
}
