package io.tracefleet.reconcile;

import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.resources.PassMemo;
import io.tracefleet.resources.ResourceHandlers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecGeneration;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.TracedApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final CycleRecorder status;
    private final Clock clock;
    private volatile boolean plainEnvValues;
    private final SpecErrorLog specErrorLog = new SpecErrorLog();
    /** A warning stands until its spec changes; said once per process, then left to GET /specs and validate. */
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final DeletionGuard guard;
    /** OpenTelemetry's no-op until the application says where spans go. */
    private volatile Tracer tracer = OpenTelemetry.noop().getTracer(Reconciler.class.getName());
    /** Without it, cycles observe and plan: another controller writes. */
    private volatile WriteLease lease = WriteLease.ALWAYS;
    /** Applications a user paused: observed and reported, never changed. Intent, not a cache of AWS. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /**
     * Per application, the resources (ARNs, ids) a person confirmed for deletion after the guard held them. Intent
     * too, and narrow: it lets exactly those go, is dropped once nothing waits, and a restart forgets it (the guard
     * then asks again, which is safe).
     */
    private final Map<String, Set<String>> confirmedDeletions = new ConcurrentHashMap<>();
    /**
     * Applications whose spec is gone and whose resources are still being deleted ({@code onDelete: delete}):
     * their retirement is repeated every pass until nothing of theirs is left or waits for confirmation, so a
     * deletion the guard holds or AWS refuses once is not forgotten.
     */
    private final Map<String, TracedApplication> retiring = new ConcurrentHashMap<>();
    /** Per application, the observed-only changes last logged: the same ones are not logged again every pass. */
    private final Map<String, String> observedOnlyLogged = new ConcurrentHashMap<>();
    /** Applications whose spec file was invalid at the last refresh: so that turning valid again is told once. */
    private final Set<String> invalidSpecs = ConcurrentHashMap.newKeySet();

    public Reconciler(SpecsInForce specs, RegionalAwsClients aws, ResourceHandlers handlers, OwnershipKeys keys,
                      ExecutorService workers, CycleRecorder status, Clock clock) {
        this(specs, aws, handlers, keys, workers, status, clock, DeletionGuard.DEFAULT);
    }

    /**
     * Threads for the resources of the applications' cycles: each cycle bounds itself (its parallelism), so this pool
     * only grows to applications at once times that. Idle threads go after five minutes, so a controller on its
     * default 30 s resync keeps them from pass to pass. Daemons: a one-shot command ends without shutting it down.
     */
    private static final java.util.concurrent.ExecutorService RESOURCE_WORKERS =
            new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, java.util.concurrent.TimeUnit.MINUTES,
                    new java.util.concurrent.SynchronousQueue<>(), new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger next =
                        new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable work) {
                    Thread thread = new Thread(work, "tracefleet-resource-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });

    /** How often a pass, while its cycles run, looks for applications of a shard this controller just took over. */
    static final java.time.Duration GAINED_CHECK = java.time.Duration.ofMillis(200);

    private volatile ResourceScheduler scheduler = new ResourceScheduler(RESOURCE_WORKERS,
            ResourceScheduler.DEFAULT_PARALLELISM, ThreadCarrier.NONE);

    public Reconciler(SpecsInForce specs, RegionalAwsClients aws, ResourceHandlers handlers, OwnershipKeys keys,
                      ExecutorService workers, CycleRecorder status, Clock clock, DeletionGuard guard) {
        this.guard = guard;
        this.specs = specs;
        this.aws = aws;
        this.handlers = handlers;
        this.keys = keys;
        this.workers = workers;
        this.status = status;
        this.clock = clock;
    }

    /** From now on, cycles apply only while this lease is held. */
    public void writeOnlyUnder(WriteLease writeLease) {
        this.lease = writeLease;
    }

    /** A trace per pass, with a span per application cycle; AWS calls made in a cycle are its children. */
    public void tracedBy(Tracer tracer) {
        this.tracer = tracer;
    }

    public WriteLease lease() {
        return lease;
    }

    private void logNewWarnings(List<SpecError> warnings) {
        warnings.stream().filter(w -> warned.add(w.format())).forEach(w -> LOG.warn("spec warning: {}", w.format()));
    }

    /** One pass over all applications; returns each application's result. */
    public List<CycleResult> reconcileAll() {
        Span pass = tracer.spanBuilder("reconcile pass").setNoParent().startSpan();
        try (Scope ignored = pass.makeCurrent()) {
            List<CycleResult> results = reconcileEach();
            pass.setAttribute(TracedCycles.APPLICATIONS, results.size());
            pass.setAttribute(TracedCycles.CHANGES, results.stream().mapToLong(r -> r.plan().actions().size()).sum());
            return results;
        } finally {
            pass.end();
        }
    }

    private List<CycleResult> reconcileEach() {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        status.passStarted(started);
        SpecsInForce.Refresh refresh = specs.refresh();
        if (refresh.sourceProblem() != null) {
            LOG.warn("{}", refresh.sourceProblem().describe());
        }
        specErrorLog.lines(refresh.sourceProblem() != null ? List.of() : refresh.errors(),
                List.copyOf(refresh.filesKeptAtLastValid())).forEach(line -> LOG.warn("{}", line));
        reportSpecValidity(refresh);
        logNewWarnings(specs.lastLoad().warnings());
        refresh.pendingRemoval().forEach(name -> LOG.info("{}: gone from its spec file, which changed moments ago; "
                + "it is removed only if it is still gone once the file has stayed the same for {} s", name,
                specs.settle().toSeconds()));
        List<Future<CycleResult>> running = new ArrayList<>();
        // What every application's cycle of this pass reads alike (IAM's roles and tags) is read once.
        PassMemo pass = new PassMemo();
        Set<String> inPass = new java.util.HashSet<>();
        for (TracedApplication application : refresh.applications()) {
            retiring.remove(application.name());
            if (!lease.observes(application.name())) {
                // Another controller's shard: its status is that controller's to report.
                status.forget(application.name());
                continue;
            }
            inPass.add(application.name());
            running.add(submitCycle(application, pass));
        }
        for (TracedApplication removed : refresh.removed()) {
            LOG.info("{}: its spec is gone; {}", removed.name(), removed.spec().onDelete()
                    == ApplicationSpec.OnDelete.DELETE ? "deleting its resources (onDelete: delete)"
                    : "its resources are retained");
            retiring.put(removed.name(), removed);
        }
        for (TracedApplication leaving : List.copyOf(retiring.values())) {
            if (!lease.observes(leaving.name())) {
                continue;
            }
            running.add(workers.submit(Context.current().wrap(() -> retire(leaving, pass))));
        }
        List<CycleResult> results = new ArrayList<>();
        for (int next = 0; next < running.size(); ) {
            try {
                results.add(running.get(next).get(GAINED_CHECK.toMillis(), TimeUnit.MILLISECONDS));
                next++;
            } catch (TimeoutException stillRunning) {
                // Looked at below.
            } catch (ExecutionException e) {
                LOG.error("an application's cycle failed unexpectedly", e.getCause());
                next++;
            } catch (InterruptedException e) {
                // The controller is stopping: the cycles are interrupted too, so none goes on calling AWS.
                running.forEach(cycle -> cycle.cancel(true));
                Thread.currentThread().interrupt();
                break;
            }
            joinGained(refresh.applications(), inPass, pass, running);
        }
        // The end is the start plus monotonic time elapsed: one clock reading, so the two are in order even when
        // the wall clock is stepped during the pass.
        status.passCompleted(started.plusNanos(System.nanoTime() - startedNanos), results);
        return results;
    }

    /** A pass's cycle of one application, on the workers; a paused one is only observed. */
    private Future<CycleResult> submitCycle(TracedApplication application, PassMemo pass) {
        ReconcileOptions options = optionsFor(application);
        ReconcileOptions allowed = isPaused(application.name()) ? options.withApply(false) : options;
        return workers.submit(Context.current().wrap(() -> reconcile(application, allowed, pass)));
    }

    /**
     * Applications of a shard taken over while the pass runs (its holder died or gave it up) join the pass: a pass
     * over many applications can take longer than the resync interval, and waiting for it to end and then for a
     * whole pass more left a dead controller's applications unreconciled for that long. Each still gets one cycle
     * per pass, so none of them has two at once.
     */
    private void joinGained(List<TracedApplication> applications, Set<String> inPass, PassMemo pass,
                            List<Future<CycleResult>> running) {
        for (TracedApplication application : applications) {
            if (!inPass.contains(application.name()) && lease.observes(application.name())) {
                inPass.add(application.name());
                LOG.info("{}: its shard was taken over during this pass; it joins the pass", application.name());
                running.add(submitCycle(application, pass));
            }
        }
    }

    /**
     * One application now, applying even when its spec says selfHeal: false (an explicit sync); a paused one is
     * only observed.
     */
    public Optional<CycleResult> reconcileNow(String name) {
        Optional<TracedApplication> inForce = find(name);
        if (inForce.isEmpty() && retiring.containsKey(name)) {
            return Optional.of(retire(retiring.get(name), new PassMemo()));
        }
        return inForce.map(app -> reconcile(app, optionsFor(app).withApply(!isPaused(name)), new PassMemo()));
    }

    /**
     * One application again, as a pass would reconcile it (selfHeal and pause respected), without reading the specs:
     * what the loop runs when a cycle asked to be requeued. Empty when no spec names it any more.
     */
    public Optional<CycleResult> requeue(String name) {
        if (!lease.observes(name)) {
            return Optional.empty();
        }
        Optional<TracedApplication> inForce = find(name);
        if (inForce.isEmpty() && retiring.containsKey(name)) {
            return Optional.of(retire(retiring.get(name), new PassMemo()));
        }
        return inForce.map(app -> reconcile(app, isPaused(name) ? optionsFor(app).withApply(false) : optionsFor(app),
                new PassMemo()));
    }

    /** Whether an application of this name is in force, or still being deleted after its spec went. */
    public boolean knows(String name) {
        return find(name).isPresent() || retiring.containsKey(name);
    }

    /**
     * Confirms the deletions the guard holds for an application, exactly as its last cycle listed them: the next
     * cycle deletes those and nothing else (one that would delete more asks again). Returns what was confirmed,
     * empty when nothing waits for a confirmation.
     */
    public Set<String> confirmDeletions(String name) {
        Set<String> held = status.latest(name).stream()
                .flatMap(result -> result.resources().stream())
                .filter(r -> r.sync() == SyncState.PENDING_DELETION && r.identifier() != null)
                .map(ResourceStatus::identifier)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (!held.isEmpty()) {
            confirmedDeletions.put(name, held);
            LOG.info("{}: {} deletion(s) confirmed", name, held.size());
        }
        return held;
    }

    private ReconcileOptions optionsFor(TracedApplication application) {
        return ReconcileOptions.of(application).withDeletions(specs.settlesAt(application.name()).orElse(null),
                guard, confirmedDeletions.getOrDefault(application.name(), Set.of()));
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
        return find(name).map(app -> cycle(app, optionsFor(app).withApply(false), new PassMemo()));
    }

    private Optional<TracedApplication> find(String name) {
        return specs.applications().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private CycleResult reconcile(TracedApplication application, ReconcileOptions options, PassMemo pass) {
        CycleResult result = cycle(application, options, pass);
        forgetConfirmationOnceDone(result);
        status.record(result, SpecGeneration.of(application));
        logChanges(application, options, result);
        return result;
    }

    /**
     * The cycle's changes, each marked made or not. A cycle that only observed (paused, {@code selfHeal: false},
     * another controller writing) says so and why, and repeats the same changes only when they differ from what it
     * said last, not every pass.
     */
    private void logChanges(TracedApplication application, ReconcileOptions options, CycleResult result) {
        String name = application.name();
        if (result.plan().isEmpty()) {
            observedOnlyLogged.remove(name);
            return;
        }
        if (result.applied()) {
            observedOnlyLogged.remove(name);
            LOG.info("{}", ChangeLog.applied(result.plan()));
            return;
        }
        String why = isPaused(name) ? "paused; POST /apps/" + name + "/resume lets it heal"
                : !options.apply() ? "selfHeal: false; POST /reconcile/" + name + " or `apply` makes them"
                : "another controller holds the write lease";
        String text = ChangeLog.observedOnly(result.plan(), why);
        if (!text.equals(observedOnlyLogged.put(name, text))) {
            LOG.info("{}", text);
        }
    }

    private CycleResult cycle(TracedApplication application, ReconcileOptions options, PassMemo pass) {
        DesiredState desired = DesiredStateBuilder.build(application);
        ReconcileOptions allowed = options.withApply(options.apply() && lease.heldFor(application.name()));
        CycleResult result = TracedCycles.around(tracer, application.name(), desired.region(), allowed.apply(),
                () -> WritingFor.during(application.name(), () -> new ApplicationReconciler(
                        aws.in(desired.region()), handlers, keys, clock, pass, scheduler).reconcile(desired,
                        allowed)));
        return plainEnvValues ? result : result.withSensitiveValuesHidden();
    }

    /**
     * How many of one application's resources are reconciled at once (1: one after another), and what their worker
     * threads carry from the cycle's thread besides the application they write for.
     */
    public void resourceParallelism(int parallelism, ThreadCarrier carrier) {
        this.scheduler = new ResourceScheduler(RESOURCE_WORKERS, parallelism, carrier);
    }

    /**
     * {@code true}: results (and so the log, events, status, drift and plans) show containers' plain environment
     * values as they are, rather than as fingerprints. Names always show.
     */
    public void showPlainEnvValues(boolean plain) {
        this.plainEnvValues = plain;
    }

    /**
     * An event and a log line when an application's spec file turns invalid (its last valid version stays in force)
     * and when it is valid again, once each, not every pass.
     */
    private void reportSpecValidity(SpecsInForce.Refresh refresh) {
        java.time.Instant at = clock.instant();
        Set<String> nowInvalid = new java.util.HashSet<>();
        for (TracedApplication application : refresh.applications()) {
            specs.problemOf(application.name()).ifPresent(error -> {
                nowInvalid.add(application.name());
                if (invalidSpecs.add(application.name())) {
                    status.specChanged(at, application.name(), "Invalid", "the spec file is invalid; its last valid "
                            + "version stays in force: " + error.format());
                }
            });
        }
        for (String name : List.copyOf(invalidSpecs)) {
            if (!nowInvalid.contains(name)) {
                invalidSpecs.remove(name);
                LOG.info("{}: its spec file is valid again and is what is applied", name);
                status.specChanged(at, name, "Valid", "the spec file is valid again and is what is applied");
            }
        }
    }

    /** A confirmation covers one deletion: once nothing waits, it is spent. */
    private void forgetConfirmationOnceDone(CycleResult result) {
        if (result.applied() && result.resources().stream().noneMatch(r -> r.sync() == SyncState.PENDING_DELETION)) {
            confirmedDeletions.remove(result.application());
        }
    }

    /**
     * A spec that disappeared (from a directory that was read, and for the settle period): its resources are kept
     * (and shown orphaned) unless the application said {@code onDelete: delete}; then everything it owns is pruned,
     * which deletes a whole application and so waits for a confirmation while the guard is on.
     */
    private CycleResult retire(TracedApplication application, PassMemo pass) {
        ApplicationSpec spec = application.spec();
        DesiredState nothing = new DesiredState(application.name(), spec.region(), List.of());
        boolean delete = spec.onDelete() == ApplicationSpec.OnDelete.DELETE;
        if (!delete) {
            retiring.remove(application.name());
            return retain(application, nothing, pass);
        }
        ReconcileOptions options = ReconcileOptions.of(application)
                .withApply(!isPaused(application.name()) && lease.heldFor(application.name()))
                .withDeletions(null, guard, confirmedDeletions.getOrDefault(application.name(), Set.of()));
        CycleResult result = TracedCycles.around(tracer, application.name(), spec.region(), options.apply(),
                () -> WritingFor.during(application.name(), () -> new ApplicationReconciler(
                        aws.in(spec.region()), handlers, keys, clock, pass, scheduler).reconcile(nothing, options)));
        forgetConfirmationOnceDone(result);
        boolean gone = result.applied() && result.resources().stream().allMatch(ResourceStatus::isBesideTheSpec);
        if (gone) {
            retiring.remove(application.name());
            status.record(result);
            status.forget(application.name());
            LOG.info("{}: deleted; nothing of it is left but what it keeps (log groups)", application.name());
        } else {
            status.record(result);
            if (!result.plan().isEmpty()) {
                LOG.info("{}", result.plan().toText().stripTrailing());
            }
        }
        return result;
    }

    /** Retained: what a deleting cycle would remove is now orphaned, and so are the log groups it keeps anyway. */
    private CycleResult retain(TracedApplication application, DesiredState nothing, PassMemo pass) {
        ReconcileOptions options = ReconcileOptions.of(application).withApply(false);
        CycleResult result = new ApplicationReconciler(aws.in(nothing.region()), handlers, keys, clock, pass,
                scheduler).reconcile(nothing,
                options);
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
