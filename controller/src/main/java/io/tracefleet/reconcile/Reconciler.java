package io.tracefleet.reconcile;

import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecGeneration;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.TracedApplication;
import io.tracefleet.status.StatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A pass over every application: read the specs (an invalid file keeps its last valid version), then reconcile
 * each application independently, several at a time. One application's failure never stops another's.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final SpecsInForce specs;
    private final RegionalAwsClients aws;
    private final ResourceHandlers handlers;
    private final OwnershipKeys keys;
    private final ExecutorService workers;
    private final StatusStore status;
    private final Clock clock;
    /** Applications a user paused: observed and reported, never changed. Intent, not a cache of AWS. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    public Reconciler(SpecsInForce specs, RegionalAwsClients aws, ResourceHandlers handlers, OwnershipKeys keys,
                      ExecutorService workers, StatusStore status, Clock clock) {
        this.specs = specs;
        this.aws = aws;
        this.handlers = handlers;
        this.keys = keys;
        this.workers = workers;
        this.status = status;
        this.clock = clock;
    }

    /** One pass over all applications; returns each application's result. */
    public List<CycleResult> reconcileAll() {
        status.passStarted(clock.instant());
        SpecsInForce.Refresh refresh = specs.refresh();
        for (SpecError error : refresh.errors()) {
            LOG.warn("invalid spec, not applied: {}", error.format());
        }
        refresh.filesKeptAtLastValid().forEach(file ->
                LOG.warn("{} is invalid; its last valid version stays in force", file));
        List<Future<CycleResult>> running = new ArrayList<>();
        for (TracedApplication application : refresh.applications()) {
            ReconcileOptions options = ReconcileOptions.of(application);
            ReconcileOptions allowed = isPaused(application.name()) ? options.withApply(false) : options;
            running.add(workers.submit(() -> reconcile(application, allowed)));
        }
        for (TracedApplication removed : refresh.removed()) {
            running.add(workers.submit(() -> retire(removed)));
        }
        List<CycleResult> results = new ArrayList<>();
        for (Future<CycleResult> future : running) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                LOG.error("an application's cycle failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                // The controller is stopping: the cycles are interrupted too, so none goes on calling AWS.
                running.forEach(cycle -> cycle.cancel(true));
                Thread.currentThread().interrupt();
                break;
            }
        }
        status.passCompleted(clock.instant(), results);
        return results;
    }

    /**
     * One application now, applying even when its spec says selfHeal: false (an explicit sync); a paused one is
     * only observed.
     */
    public Optional<CycleResult> reconcileNow(String name) {
        return find(name).map(app -> reconcile(app, ReconcileOptions.of(app).withApply(!isPaused(name))));
    }

    /** Whether an application of this name is in force. */
    public boolean knows(String name) {
        return find(name).isPresent();
    }

    public void pause(String name) {
        paused.add(name);
    }

    public void resume(String name) {
        paused.remove(name);
    }

    public boolean isPaused(String name) {
        return paused.contains(name);
    }

    public SpecsInForce specs() {
        return specs;
    }

    /** What a cycle would do for one application now, without writing anything. */
    public Optional<CycleResult> plan(String name) {
        return find(name).map(app -> cycle(app, ReconcileOptions.of(app).withApply(false)));
    }

    private Optional<TracedApplication> find(String name) {
        return specs.applications().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private CycleResult reconcile(TracedApplication application, ReconcileOptions options) {
        CycleResult result = cycle(application, options);
        status.record(result, SpecGeneration.of(application));
        if (!result.plan().isEmpty()) {
            LOG.info("{}", result.plan().toText().stripTrailing());
        }
        return result;
    }

    private CycleResult cycle(TracedApplication application, ReconcileOptions options) {
        DesiredState desired = DesiredStateBuilder.build(application);
        return new ApplicationReconciler(aws.in(desired.region()), handlers, keys, clock).reconcile(desired, options);
    }

    /**
     * A spec that disappeared: its resources are kept (and shown orphaned by a plan) unless the application said
     * {@code onDelete: delete}; then everything it owns is pruned.
     */
    private CycleResult retire(TracedApplication application) {
        ApplicationSpec spec = application.spec();
        DesiredState nothing = new DesiredState(application.name(), spec.region(), List.of());
        boolean delete = spec.onDelete() == ApplicationSpec.OnDelete.DELETE;
        LOG.info("{}: its spec is gone; {}", application.name(), delete ? "deleting its resources (onDelete: delete)"
                : "its resources are retained");
        ReconcileOptions options = ReconcileOptions.of(application).withApply(delete);
        CycleResult result = new ApplicationReconciler(aws.in(spec.region()), handlers, keys, clock).reconcile(nothing,
                options);
        if (delete) {
            status.forget(application.name());
            return result;
        }
        // Retained: what a deleting cycle would remove is now orphaned, and so are the log groups it keeps anyway.
        List<ResourceStatus> orphans = new ArrayList<>(result.plan().actions().stream()
                .filter(action -> action.verb() == Action.Verb.DELETE)
                .map(action -> ResourceStatus.of(action.kind(), action.id(), action.physicalName(), null,
                        SyncState.ORPHANED, "its spec is gone; retained (onDelete: retain)"))
                .toList());
        result.resources().stream().filter(r -> r.sync() == SyncState.ORPHANED || r.sync() == SyncState.UNPROVEN)
                .forEach(orphans::add);
        CycleResult retained = new CycleResult(application.name(), result.startedAt(), result.duration(), false,
                new Plan(application.name(), List.of()), orphans, Map.of());
        status.record(retained);
        return retained;
    }
}
