package io.tracefleet.api;

import io.tracefleet.reconcile.ReconcileLoop;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.spec.model.TracedApplication;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Orders to the controller. They only ask the loop for work, which runs on the loop's own thread like every pass,
 * so an order never races a pass; 202 means "queued", and /status shows the outcome.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class ControlResource {
    private static final Logger LOG = LoggerFactory.getLogger(ControlResource.class);

    private final Reconciler reconciler;
    private final ReconcileLoop loop;

    public ControlResource(Reconciler reconciler, ReconcileLoop loop) {
        this.reconciler = reconciler;
        this.loop = loop;
    }

    @POST
    @Path("reconcile")
    public Response reconcileAll() {
        loop.trigger("API: POST /reconcile");
        List<String> names = reconciler.specs().applications().stream().map(TracedApplication::name).toList();
        return Response.accepted(new Views.Accepted("a pass over every application is queued", names)).build();
    }

    @POST
    @Path("reconcile/{app}")
    public Response reconcile(@PathParam("app") String name) {
        requireKnown(name);
        loop.reconcileNow(name);
        String message = reconciler.isPaused(name)
                ? "a cycle is queued; the application is paused, so it is observed and nothing is changed"
                : "a cycle is queued; it applies the spec even if selfHeal is false";
        return Response.accepted(new Views.Accepted(message, List.of(name))).build();
    }

    @POST
    @Path("apps/{app}/pause")
    public Views.PauseState pause(@PathParam("app") String name) {
        requireKnown(name);
        reconciler.pause(name);
        LOG.info("{}: paused through the API; it is observed and reported, never changed", name);
        return new Views.PauseState(name, true);
    }

    @POST
    @Path("apps/{app}/resume")
    public Views.PauseState resume(@PathParam("app") String name) {
        requireKnown(name);
        reconciler.resume(name);
        LOG.info("{}: resumed through the API", name);
        loop.trigger("API: " + name + " resumed");
        return new Views.PauseState(name, false);
    }

    /**
     * Confirms the deletions the guard holds for an application, exactly those its last cycle listed, and queues a
     * cycle that makes them. 409 when nothing waits for a confirmation.
     */
    @POST
    @Path("apps/{app}/deletions/confirm")
    public Response confirmDeletions(@PathParam("app") String name) {
        requireKnown(name);
        java.util.Set<String> confirmed = reconciler.confirmDeletions(name);
        if (confirmed.isEmpty()) {
            throw ApiError.of(Response.Status.CONFLICT, "nothing of '" + name + "' waits for a confirmation; "
                    + "GET /status/" + name + " lists held deletions as PendingDeletion");
        }
        LOG.info("{}: {} held deletion(s) confirmed through the API", name, confirmed.size());
        loop.reconcileNow(name);
        return Response.accepted(new Views.DeletionsConfirmed(confirmed.size() + " deletion(s) confirmed; a cycle "
                + "that makes them is queued", name, List.copyOf(new java.util.TreeSet<>(confirmed)))).build();
    }

    private void requireKnown(String name) {
        if (!reconciler.knows(name)) {
            throw ApiError.unknownApplication(name);
        }
    }
}
