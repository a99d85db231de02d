package io.tracefleet.api;

import io.tracefleet.reconcile.OnDemandPlans;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.spec.SpecDocument;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecGeneration;
import io.tracefleet.spec.SpecSet;
import io.tracefleet.spec.model.TracedApplication;
import io.tracefleet.status.ApplicationState;
import io.tracefleet.status.Event;
import io.tracefleet.status.StatusStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the controller last observed, and what it would do now: read-only, never a write to AWS. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    private final StatusStore status;
    private final Reconciler reconciler;
    private final ControllerInfo controller;
    private final OnDemandPlans plans;

    public StatusResource(StatusStore status, Reconciler reconciler, ControllerInfo controller, OnDemandPlans plans) {
        this.status = status;
        this.reconciler = reconciler;
        this.controller = controller;
        this.plans = plans;
    }

    @GET
    @Path("status")
    public Views.Status status() {
        return new Views.Status(controllerView(), status.states().stream().map(this::applicationView).toList());
    }

    @GET
    @Path("status/{app}")
    public Views.Application application(@PathParam("app") String name) {
        return status.state(name).map(this::applicationView).orElseThrow(() -> !reconciler.knows(name)
                ? ApiError.unknownApplication(name)
                : reconciler.lease().observes(name)
                ? ApiError.of(Response.Status.NOT_FOUND, "application '" + name + "' has not been observed yet; "
                + "its first cycle is pending")
                : ApiError.of(Response.Status.NOT_FOUND, "application '" + name + "' is in a shard another "
                + "controller holds; its status is there (see controller.leases in /status)"));
    }

    /** Everything that does not match its spec, across applications, a page at a time; empty when all is well. */
    @GET
    @Path("drift")
    public Response drift(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                          @Context UriInfo uri) {
        return Page.of(status.states().stream().flatMap(state -> state.result().resources().stream()
                        .filter(StatusViews::isDrift)
                        .map(r -> StatusViews.drift(state.result().application(), r)))
                .toList(), Page.offset(offset), Page.limit(limit), uri);
    }

    /**
     * What a cycle would do now, observed afresh, or shared with requests close in time ({@link OnDemandPlans});
     * nothing is written. A fresh plan past its share of the API budget answers 429 with Retry-After.
     */
    @GET
    @Path("plan/{app}")
    public Views.Plan plan(@PathParam("app") String name) {
        try {
            return plans.plan(name).map(StatusViews::plan).orElseThrow(() -> ApiError.unknownApplication(name));
        } catch (OnDemandPlans.Refused refused) {
            throw new jakarta.ws.rs.WebApplicationException(refused.getMessage(), Response.status(429)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", OnDemandPlans.seconds(refused.retryAfter()))
                    .entity(new ApiError(429, refused.getMessage())).build());
        }
    }

    /** Every document and file error, a page at a time; a document's errors at most {@link #ERRORS_SHOWN}. */
    @GET
    @Path("specs")
    public Response specs(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                          @Context UriInfo uri) {
        return Page.of(specFiles(), Page.offset(offset), Page.limit(limit), uri);
    }

    private List<Views.SpecFile> specFiles() {
        SpecSet loaded = reconciler.specs().lastLoad();
        Set<String> inForce = reconciler.specs().applications().stream().map(SpecGeneration::of)
                .collect(Collectors.toSet());
        List<Views.SpecFile> files = new ArrayList<>();
        for (SpecDocument document : loaded.documents()) {
            TracedApplication application = document.application();
            String generation = application == null || !document.isValid() ? null : SpecGeneration.of(application);
            files.add(new Views.SpecFile(relative(document.file()), document.index(), document.name(), generation,
                    document.isValid(), generation != null && inForce.contains(generation),
                    problems(document.errors()), kept(document.file()), problems(document.warnings())));
        }
        for (SpecError error : loaded.fileErrors()) {
            files.add(new Views.SpecFile(relative(error.file()), null, null, null, false, false,
                    problems(List.of(error)), kept(error.file()), List.of()));
        }
        return files;
    }

    private List<Views.KeptVersion> kept(java.nio.file.Path file) {
        List<TracedApplication> kept = reconciler.specs().keptAtLastValid(file);
        return kept.isEmpty() ? null : kept.stream()
                .map(a -> new Views.KeptVersion(a.name(), SpecGeneration.of(a))).toList();
    }

    /**
     * The latest actions and errors, oldest first, at most {@code limit}; {@code since} (ISO-8601 instant) keeps only
     * later ones, {@code after} (an event's sequence) only those after it: the next page's link carries it.
     */
    @GET
    @Path("events")
    public Response events(@QueryParam("since") String since, @QueryParam("after") Long afterSequence,
                           @QueryParam("limit") Integer limit, @Context UriInfo uri) {
        Instant after = null;
        if (since != null && !since.isBlank()) {
            try {
                after = Instant.parse(since.trim());
            } catch (DateTimeParseException e) {
                throw ApiError.of(Response.Status.BAD_REQUEST, "since must be an ISO-8601 instant such as "
                        + "2026-12-01T07:00:00Z, not '" + since + "'");
            }
        }
        List<Event> matching = status.events().since(after).stream()
                .filter(e -> afterSequence == null || e.sequence() > afterSequence).toList();
        int pageSize = Page.limit(limit);
        List<Event> page = matching.subList(0, Math.min(pageSize, matching.size()));
        Response.ResponseBuilder response = Response.ok(List.copyOf(page)).header("X-Total-Count", matching.size());
        if (page.size() < matching.size()) {
            response.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("after",
                    page.get(page.size() - 1).sequence()).replaceQueryParam("limit", pageSize).build()
                    + ">; rel=\"next\"");
        }
        return response.build();
    }

    private Views.Controller controllerView() {
        Views.LastPass lastPass = status.lastPass().map(pass -> new Views.LastPass(pass.startedAt(),
                pass.completedAt(), pass.duration().toMillis(), pass.outcome())).orElse(null);
        io.tracefleet.aws.ApiBudget.Resync resync = controller.resync();
        return new Views.Controller(controller.version(), controller.startedAt(), controller.uptimeSeconds(),
                controller.awsBackend(), controller.region(), controller.account(),
                resync.configured().toString(), resync.effective().toString(), resync.reason().orElse(null),
                lastPass, reconciler.specs().sourceProblem().map(p -> p.describe()).orElse(null),
                reconciler.lease().describe(), reconciler.lease().report().orElse(null), controller.localAws());
    }

    private Views.Application applicationView(ApplicationState state) {
        String name = state.result().application();
        String region = reconciler.specs().applications().stream().filter(a -> a.name().equals(name))
                .map(a -> a.spec().region()).findFirst().orElse(null);
        String specProblem = reconciler.specs().problemOf(name).map(error -> "its spec file is invalid, so its "
                + "last valid version stays in force: " + error.format()).orElse(null);
        return StatusViews.application(state, region, reconciler.isPaused(name), specProblem);
    }

    /** Errors listed per document; the rest are counted, and the CLI's validate lists them all. */
    static final int ERRORS_SHOWN = 20;

    private static List<Views.SpecProblem> problems(List<SpecError> errors) {
        List<Views.SpecProblem> shown = new ArrayList<>(errors.stream().limit(ERRORS_SHOWN)
                .map(e -> new Views.SpecProblem(e.line(), e.column(), e.field(), e.message())).toList());
        if (errors.size() > ERRORS_SHOWN) {
            shown.add(new Views.SpecProblem(errors.get(ERRORS_SHOWN).line(), errors.get(ERRORS_SHOWN).column(), "",
                    "and " + (errors.size() - ERRORS_SHOWN) + " more errors in this document; `tracefleet validate` "
                    + "lists them all"));
        }
        return shown;
    }

    private String relative(java.nio.file.Path file) {
        java.nio.file.Path directory = reconciler.specs().directory().toAbsolutePath();
        java.nio.file.Path absolute = file.toAbsolutePath();
        return absolute.startsWith(directory) ? directory.relativize(absolute).toString()
                : Paths.get(file.toString()).toString();
    }
}
