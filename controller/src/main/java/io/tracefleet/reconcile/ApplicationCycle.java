package io.tracefleet.reconcile;

import io.tracefleet.diff.IgnoredFields;
import io.tracefleet.diff.Delta;
import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.Observed;
import io.tracefleet.resources.Outputs;
import io.tracefleet.resources.Ownership;
import io.tracefleet.resources.ResourceHandler;
import io.tracefleet.resources.ResourceHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One application's cycle, as an object: what it has decided so far (each resource's status, the actions, what is
 * in use, what it reported as not provably ours) is its state, and each decision step is a method over it. Made for
 * one cycle and dropped after it, so nothing it holds outlives the observation it came from.
 */
final class ApplicationCycle {
    /** Logged as the reconciler: the cycle is how it works, not a name a reader of the log needs. */
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationReconciler.class);

    /** Pruned in this order: dependents before what they depend on. */
    private static final List<ResourceKind> PRUNE_ORDER = List.of(ResourceKind.ECS_SERVICE,
            ResourceKind.TASK_DEFINITION, ResourceKind.LISTENER_RULE, ResourceKind.LISTENER,
            ResourceKind.TARGET_GROUP, ResourceKind.LOAD_BALANCER, ResourceKind.LOG_GROUP, ResourceKind.ECR_REPOSITORY,
            ResourceKind.SECURITY_GROUP, ResourceKind.IAM_ROLE, ResourceKind.ECS_CLUSTER);
    /**
     * A resource whose tags cost a call each (log groups, task definition revisions) and that matches the spec is
     * Synced without reading them: nothing is written, so ownership decides nothing. The price: a look-alike that
     * is not ours, or one of ours whose tags were stripped, shows as Conflict only once a write is needed.
     */
    public static final String UNVERIFIED_OWNERSHIP = "matches the spec; ownership tags not read (no write needed)";
    private static final Set<SyncState> USABLE = EnumSet.of(SyncState.SYNCED, SyncState.OUT_OF_SYNC);

    private final CycleContext context;
    private final ReconcileOptions options;
    private final ResourceHandlers handlers;
    private final Clock clock;
    private final ResourceScheduler scheduler;
    /** Written by the resources' workers, each its own entry; read once a resource's dependencies are done. */
    private final Map<LogicalId, ResourceStatus> statuses = new ConcurrentHashMap<>();
    /** Each resource's actions, so the plan lists them in the spec's order whatever order the workers finish in. */
    private final Map<LogicalId, List<Action>> actionsOf = new ConcurrentHashMap<>();
    private final List<Action> pruneActions = new ArrayList<>();
    /** The identifiers of what the spec's resources are now: never pruned. */
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();
    /** What a desired resource's status already reports as not provably ours, so the prune does not again. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ApplicationCycle(CycleContext context, ReconcileOptions options, ResourceHandlers handlers, Clock clock) {
        this(context, options, handlers, clock, ResourceScheduler.SEQUENTIAL);
    }

    ApplicationCycle(CycleContext context, ReconcileOptions options, ResourceHandlers handlers, Clock clock,
                     ResourceScheduler scheduler) {
        this.context = context;
        this.options = options;
        this.handlers = handlers;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    CycleResult run() {
        Instant started = clock.instant();
        DesiredState desired = context.desired();
        // A resource starts once what it depends on is done: its status (and outputs) are there when it looks.
        scheduler.run(desired.resources(), resource -> {
            // The scheduler may run a resource again when the limiter refused a call before it wrote anything:
            // only the last run's actions stand.
            actionsOf.remove(resource.id());
            ResourceStatus status = reconcileOne(resource);
            statuses.put(resource.id(), status);
            return status;
        });
        if (Thread.currentThread().isInterrupted()) {
            // The controller is stopping: the rest is left to the next one, which observes afresh.
            LOG.info("{}: cycle abandoned, the controller is stopping", desired.application());
        }
        // An abandoned cycle has not seen everything in use: pruning after it could delete what a service needs.
        boolean everythingSeen = statuses.size() == desired.resources().size()
                && !Thread.currentThread().isInterrupted()
                && statuses.values().stream()
                .noneMatch(s -> s.sync() == SyncState.ERROR || s.sync() == SyncState.BLOCKED);
        List<ResourceStatus> all = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        for (DesiredResource resource : desired.resources()) {
            Optional.ofNullable(statuses.get(resource.id())).ifPresent(all::add);
            actions.addAll(actionsOf.getOrDefault(resource.id(), List.of()));
        }
        if (everythingSeen) {
            all.addAll(prune(desired.resources().size()));
        } else {
            LOG.info("{}: not pruning this cycle, some resources could not be observed", desired.application());
        }
        actions.addAll(pruneActions);
        return new CycleResult(desired.application(), started, Duration.between(started, clock.instant()),
                options.apply(), new Plan(desired.application(), actions), all,
                ServiceEndpoints.of(desired, context.outputs()));
    }

    private <V extends Record> ResourceStatus reconcileOne(DesiredResource resource) {
        Optional<ResourceStatus> blocked = blocked(resource);
        if (blocked.isPresent()) {
            return blocked.get();
        }
        try {
            ResourceHandler<V> handler = handlers.of(resource.kind());
            Optional<Observed<V>> observed = observe(resource, handler);
            return observed.isEmpty() ? create(resource, handler) : reconcileExisting(resource, handler,
                    observed.get());
        } catch (RuntimeException e) {
            return failed(resource, e);
        }
    }

    /** Waits while a dependency is neither usable nor about to be created. */
    private Optional<ResourceStatus> blocked(DesiredResource resource) {
        return resource.dependsOn().stream()
                .filter(dependency -> !USABLE.contains(statuses.get(dependency).sync())
                        && statuses.get(dependency).sync() != SyncState.MISSING)
                .findFirst()
                .map(blocker -> ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), null,
                        SyncState.BLOCKED, "waits for " + blocker + " (" + statuses.get(blocker).sync() + ")"));
    }

    private <V extends Record> Optional<Observed<V>> observe(DesiredResource resource, ResourceHandler<V> handler) {
        try {
            return handler.observe(resource, context);
        } catch (Outputs.UnresolvedReference e) {
            // Only in a plan: what it hangs on would be created first.
            return Optional.empty();
        }
    }

    /** A resource of the desired name exists: the ownership gate (or adoption), then the comparison. */
    private <V extends Record> ResourceStatus reconcileExisting(DesiredResource resource, ResourceHandler<V> handler,
                                                                Observed<V> found) {
        Observed<V> actual = found;
        // Unread tags are worth a call only if this cycle may write the resource or decide on its ownership:
        // adoption is allowed, its owned fields differ from the spec, or a reference is not known yet.
        Diff<V> early = null;
        if (!actual.tagsRead()) {
            early = options.adopt() ? null : Diff.of(resource, handler, actual, context, options);
            if (early == null || early.mayWrite()) {
                actual = handler.readTags(actual, context);
            }
        }
        boolean ownershipUnread = !actual.tagsRead();
        if (!ownershipUnread && !context.ownership().proves(actual)) {
            if (!options.adopt()) {
                reported.add(actual.identifier());
                return notOurs(resource, actual);
            }
            Action adopt = Action.of(Action.Verb.ADOPT, resource.kind(), resource.id(), resource.physicalName());
            act(resource, adopt);
            if (options.apply()) {
                handler.tag(resource, actual, context);
                made(resource, adopt);
                log("adopted", resource, List.of());
            }
        }
        inUse.add(actual.identifier());
        context.outputs().put(resource.id(), actual.outputs());
        Diff<V> diff = early != null ? early : Diff.of(resource, handler, actual, context, options);
        ResourceStatus status = compare(resource, handler, actual, diff);
        if (ownershipUnread && status.sync() == SyncState.SYNCED) {
            status = ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(),
                    actual.identifier(), SyncState.SYNCED, ApplicationReconciler.UNVERIFIED_OWNERSHIP)
                    .withHealth(handler.health(actual));
        }
        return status;
    }

    /**
     * The desired view, with ignored fields as AWS has them, against what was observed; or, when the view cannot be
     * known yet, the reference it waits for. Reading tags (only needed before a write) is not part of it, so one
     * diff serves both that decision and the comparison.
     */
    private record Diff<V extends Record>(V view, Delta delta, Outputs.UnresolvedReference unresolved) {
        static <V extends Record> Diff<V> of(DesiredResource resource, ResourceHandler<V> handler,
                                             Observed<V> actual, CycleContext context, ReconcileOptions options) {
            try {
                V view = IgnoredFields.keepActual(handler.desiredView(resource, context), actual.view(),
                        options.ignoredFor(resource.id()));
                return new Diff<>(view, Delta.between(view, actual.view()), null);
            } catch (Outputs.UnresolvedReference e) {
                return new Diff<>(null, null, e);
            }
        }

        boolean mayWrite() {
            return unresolved != null || !delta.isEmpty();
        }
    }

    /**
     * Why a resource of the desired name that is not provably ours is left alone: it carries none of the
     * application's tags (someone else's), or the tags without a valid proof (anyone allowed to tag could have
     * written them).
     */
    private ResourceStatus notOurs(DesiredResource resource, Observed<?> actual) {
        String what = "a " + resource.kind().label() + " named '" + resource.physicalName() + "'";
        if (context.ownership().claimOf(actual) == Ownership.Claim.UNPROVEN) {
            return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), actual.identifier(),
                    SyncState.UNPROVEN, what + " " + ApplicationReconciler.UNPROVEN_REASON);
        }
        return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), actual.identifier(),
                SyncState.CONFLICT, what + " exists without Tracefleet's ownership tags; it is left alone "
                        + "(set adopt: true to take it over)");
    }

    private <V extends Record> ResourceStatus create(DesiredResource resource, ResourceHandler<V> handler) {
        Action create = Action.of(Action.Verb.CREATE, resource.kind(), resource.id(), resource.physicalName());
        act(resource, create);
        if (!options.apply()) {
            return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), null, SyncState.MISSING,
                    "does not exist");
        }
        V view = handler.desiredView(resource, context);
        Observed<V> created = handler.create(resource, view, context);
        made(resource, create);
        // A create can answer with a resource that was already there: an idempotent create (a load balancer, a
        // cluster), or an "already exists" answered with what has the name. Made in the moment between the
        // observation and the create, it is no more ours than one found by the observation, so the same gate
        // applies: nothing without the proof is called created, nor given to dependents.
        if (!created.tagsRead()) {
            created = handler.readTags(created, context);
        }
        if (!context.ownership().proves(created)) {
            reported.add(created.identifier());
            return notOurs(resource, created);
        }
        inUse.add(created.identifier());
        context.outputs().put(resource.id(), created.outputs());
        log("created", resource, List.of());
        return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), created.identifier(),
                SyncState.SYNCED, "created")
                .withHealth(handler.health(created));
    }

    /**
     * The resource's status after this cycle, its health read off the latest observation: after a write, what the
     * write answered, so that sync, drift and health describe the same moment.
     */
    private <V extends Record> ResourceStatus compare(DesiredResource resource, ResourceHandler<V> handler,
                                                      Observed<V> actual, Diff<V> diff) {
        if (diff.unresolved() != null) {
            String waitsFor = String.valueOf(diff.unresolved().ref().resource());
            act(resource, new Action(Action.Verb.UPDATE, resource.kind(), resource.id(), resource.physicalName(),
                    List.of(), "may change once " + waitsFor + " exists (known after apply)"));
            return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), actual.identifier(),
                    SyncState.OUT_OF_SYNC, "depends on " + waitsFor + ", which does not exist yet")
                    .withHealth(handler.health(actual));
        }
        V view = diff.view();
        Delta delta = diff.delta();
        if (delta.isEmpty()) {
            return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), actual.identifier(),
                    SyncState.SYNCED, null).withHealth(handler.health(actual));
        }
        Optional<String> replacement = handler.replacementReason(delta);
        if (replacement.isPresent()) {
            Action replace = new Action(Action.Verb.REPLACE, resource.kind(), resource.id(),
                    resource.physicalName(), delta.drifts(), replacement.get());
            act(resource, replace);
            if (!options.apply()) {
                return new ResourceStatus(resource.kind(), resource.id(), resource.physicalName(),
                        actual.identifier(), SyncState.OUT_OF_SYNC, delta.drifts(), "needs replacing: "
                        + replacement.get()).withHealth(handler.health(actual));
            }
            ResourceStatus replacing = replaceWithTwin(resource, handler, view, actual, delta);
            made(resource, replace);
            return replacing;
        }
        Action update = new Action(Action.Verb.UPDATE, resource.kind(), resource.id(), resource.physicalName(),
                delta.drifts(), null);
        act(resource, update);
        if (!options.apply()) {
            return new ResourceStatus(resource.kind(), resource.id(), resource.physicalName(),
                    actual.identifier(), SyncState.OUT_OF_SYNC, delta.drifts(), "drifted")
                    .withHealth(handler.health(actual));
        }
        Observed<V> updated = handler.update(resource, view, actual, delta, context);
        made(resource, update);
        inUse.add(updated.identifier());
        context.outputs().put(resource.id(), updated.outputs());
        log("updated", resource, delta.paths());
        // Corrected, it no longer drifts: what differed is in the message and the update's event, not in the drift,
        // which says what differs now.
        return ResourceStatus.of(resource.kind(), resource.id(), resource.physicalName(), updated.identifier(),
                SyncState.SYNCED, "corrected " + String.join(", ", delta.paths()))
                .withHealth(handler.health(updated));
    }

    /**
     * Names are fixed by the spec and unique in AWS, so a resource AWS cannot change in place is replaced through
     * a temporary twin: the twin is created under {@link ApplicationReconciler#twinName}, its dependents (listeners, services) repoint to
     * it in this same pass because their references now resolve to it, and the old resource, used by nothing, is
     * pruned at the end of the pass, dependents first. The next pass finds the real name missing, creates it, the
     * dependents repoint again and the twin is pruned. Nothing ever points at a deleted resource.
     */
    private <V extends Record> ResourceStatus replaceWithTwin(DesiredResource resource, ResourceHandler<V> handler,
                                                              V view, Observed<V> actual, Delta delta) {
        inUse.remove(actual.identifier());
        DesiredResource twin = resource.withPhysicalName(ApplicationReconciler.twinName(resource.physicalName()));
        Observed<V> existing = handler.observe(twin, context).orElse(null);
        if (existing != null && !context.ownership().proves(existing)) {
            throw new IllegalStateException("a " + resource.kind().label() + " named '" + twin.physicalName()
                    + "', the name its replacement needs, exists without Tracefleet's ownership proof; it is left "
                    + "alone and " + resource.physicalName() + " is not replaced");
        }
        Observed<V> standIn = existing != null && Delta.between(view, existing.view()).isEmpty()
                ? existing : handler.create(twin, view, context);
        if (!standIn.tagsRead()) {
            standIn = handler.readTags(standIn, context);
        }
        if (!context.ownership().proves(standIn)) {
            throw new IllegalStateException("the " + resource.kind().label() + " '" + twin.physicalName()
                    + "' that a create answered with is not provably Tracefleet's; it is left alone and "
                    + resource.physicalName() + " is not replaced");
        }
        inUse.add(standIn.identifier());
        context.outputs().put(resource.id(), standIn.outputs());
        log("replacing", resource, delta.paths());
        return new ResourceStatus(resource.kind(), resource.id(), resource.physicalName(), standIn.identifier(),
                SyncState.OUT_OF_SYNC, delta.drifts(), "being replaced: " + twin.physicalName()
                + " stands in until the next pass recreates " + resource.physicalName(), true)
                .withHealth(handler.health(standIn));
    }

    /** A resource the application owns but no longer names, with the handler that can delete it. */
    private record Unnamed<V extends Record>(ResourceHandler<V> handler, Observed<V> owned) {
        LogicalId id() {
            return owned.logicalId().orElse(LogicalId.of("?"));
        }

        void delete(CycleContext context) {
            handler.delete(owned, context);
        }
    }

    /**
     * What of one kind the application provably owns and no longer uses, the rest of what the tags claim reported
     * as unproven; empty when the kind cannot be listed, which stops the prune there.
     */
    private <V extends Record> Optional<List<Unnamed<?>>> unnamedOf(ResourceHandler<V> handler,
                                                                    List<ResourceStatus> pruned) {
        ResourceKind kind = handler.kind();
        List<Observed<V>> ownedOfKind;
        try {
            ownedOfKind = handler.listOwned(context);
        } catch (RuntimeException e) {
            // The kinds after this one are what it depends on: deleting them while this kind could not be seen
            // could pull a target group from under a service still using it. The next pass prunes the rest.
            String message = "could not list owned " + kind.label() + "s, pruning stops here this pass: "
                    + AwsErrors.describe(e);
            LOG.warn("{}: {}", context.application(), message);
            pruned.add(new ResourceStatus(kind, LogicalId.of("prune/" + kind.label()), null, null,
                    SyncState.ERROR, List.of(), message, AwsErrors.classify(e) != AwsErrorKind.TERMINAL));
            return Optional.empty();
        }
        reportForeign(handler, pruned);
        List<Unnamed<?>> found = new ArrayList<>();
        for (Observed<V> owned : ownedOfKind) {
            if (inUse.contains(owned.identifier()) || reported.contains(owned.identifier())) {
                continue;
            }
            if (!context.ownership().proves(owned)) {
                // Claimed by the tags, which anyone allowed to tag can write: never deleted on their word.
                pruned.add(ResourceStatus.beside(kind, SyncState.UNPROVEN, owned.physicalName(),
                        owned.identifier(), "a " + kind.label() + " that " + ApplicationReconciler.UNPROVEN_REASON));
                continue;
            }
            if (kind == ResourceKind.LOG_GROUP && !options.pruneLogGroups()) {
                pruned.add(ResourceStatus.of(kind, owned.logicalId().orElse(LogicalId.of("?")),
                        owned.physicalName(), owned.identifier(), SyncState.ORPHANED, "no longer in the spec; "
                                + "log groups are kept (prune.logGroups: true deletes them)"));
                continue;
            }
            found.add(new Unnamed<>(handler, owned));
        }
        return Optional.of(found);
    }

    /**
     * Deletes what the application owns but no longer names, dependents first. Everything is listed before anything
     * is deleted, so that the deletion can be judged as a whole: while the spec has not settled it waits (a file
     * written in two steps is not acted on half-written), and one larger than the guard allows waits for a person
     * to confirm exactly what it deletes.
     */
    private List<ResourceStatus> prune(int named) {
        List<ResourceStatus> pruned = new ArrayList<>();
        List<Unnamed<?>> unnamed = new ArrayList<>();
        for (ResourceKind kind : PRUNE_ORDER) {
            if (Thread.currentThread().isInterrupted()) {
                return pruned;
            }
            if (!handlers.handles(kind)) {
                continue;
            }
            Optional<List<Unnamed<?>>> ofKind = unnamedOf(handlers.of(kind), pruned);
            if (ofKind.isEmpty()) {
                break;
            }
            unnamed.addAll(ofKind.get());
        }
        Optional<String> held = holdReason(unnamed, named);
        if (held.isPresent() && !unnamed.isEmpty()) {
            LOG.warn("{}: {} deletion(s) held: {}", context.application(), unnamed.size(), held.get());
        }
        for (Unnamed<?> candidate : unnamed) {
            Observed<?> owned = candidate.owned();
            ResourceKind kind = owned.kind();
            if (held.isPresent()) {
                pruneActions.add(new Action(Action.Verb.HOLD, kind, candidate.id(), owned.physicalName(), List.of(),
                        held.get()));
                pruned.add(ResourceStatus.of(kind, candidate.id(), owned.physicalName(), owned.identifier(),
                        SyncState.PENDING_DELETION, "no longer in the spec; not deleted yet: " + held.get()));
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Action delete = Action.of(Action.Verb.DELETE, kind, candidate.id(), owned.physicalName());
            pruneActions.add(delete);
            if (options.apply()) {
                try {
                    candidate.delete(context);
                    made(pruneActions, delete);
                    LOG.debug("{}: deleted {} {} ({})", context.application(), kind.label(), candidate.id(),
                            owned.physicalName());
                } catch (RuntimeException e) {
                    if (AwsErrors.isAborted(e)) {
                        Thread.currentThread().interrupt();
                    }
                    // A delete often fails while a dependent is still going away (a draining service).
                    pruned.add(new ResourceStatus(kind, candidate.id(), owned.physicalName(), owned.identifier(),
                            SyncState.ERROR, List.of(), "delete failed: " + AwsErrors.describe(e), true));
                }
            }
        }
        return pruned;
    }

    /** Why this cycle's deletions must wait, or empty when they may be made now. */
    private Optional<String> holdReason(List<Unnamed<?>> unnamed, int named) {
        if (unnamed.isEmpty()) {
            return Optional.empty();
        }
        if (options.specSettlesAt() != null && clock.instant().isBefore(options.specSettlesAt())) {
            return Optional.of("the spec changed moments ago; deletions wait until it has stayed the same for the "
                    + "settle period (until " + options.specSettlesAt() + "), so a file still being written is "
                    + "never acted on half-written");
        }
        Set<String> deleting = new HashSet<>();
        unnamed.forEach(u -> deleting.add(u.owned().identifier()));
        if (options.confirmed().containsAll(deleting)) {
            return Optional.empty();
        }
        return options.guard().why(unnamed.size(), named).map(why -> why + "; confirm with POST /apps/"
                + context.application() + "/deletions/confirm (or `tracefleet confirm " + context.application()
                + "`) to delete exactly these");
    }

    /** Someone else's resources on the application's own: seen and reported, never touched. */
    private void reportForeign(ResourceHandler<?> handler, List<ResourceStatus> statuses) {
        List<? extends Observed<?>> found;
        try {
            found = handler.listForeign(context);
        } catch (RuntimeException e) {
            // Only a report: the next pass shows them; nothing else depends on it.
            LOG.warn("{}: could not list others' {}s on its own: {}", context.application(),
                    handler.kind().label(), AwsErrors.describe(e));
            return;
        }
        for (Observed<?> foreign : found) {
            if (reported.add(foreign.identifier())) {
                statuses.add(ResourceStatus.beside(foreign.kind(), SyncState.UNMANAGED, foreign.physicalName(),
                        foreign.identifier(), "a " + foreign.kind().label() + " Tracefleet did not create is on "
                                + "its " + ResourceKind.LISTENER.label() + "; left alone"));
            }
        }
    }

    private void act(DesiredResource resource, Action action) {
        actionsOf.computeIfAbsent(resource.id(), id -> new ArrayList<>()).add(action);
    }

    private ResourceStatus failed(DesiredResource resource, RuntimeException e) {
        if (AwsErrors.isAborted(e)) {
            // The SDK reports an interrupt as AbortedException, and may have cleared the flag that ends the cycle.
            Thread.currentThread().interrupt();
        }
        String message = AwsErrors.describe(e);
        if (AwsErrors.isClientThrottled(e)) {
            // Our own pacing, not AWS's answer: the scheduler starts the resource again once the token is near.
            LOG.info("{}: {} {}: {}", context.application(), resource.kind().label(), resource.id(), message);
        } else {
            LOG.warn("{}: {} {}: {}", context.application(), resource.kind().label(), resource.id(), message);
        }
        boolean retryable = e instanceof ResourceHandler.NotVisibleYet || AwsErrors.classify(e) != AwsErrorKind.TERMINAL;
        return new ResourceStatus(resource.kind(), resource.id(), resource.physicalName(), null, SyncState.ERROR,
                List.of(), message, retryable);
    }

    /** Stamps a resource's action with the moment its write returned, for the event that reports it. */
    private void made(DesiredResource resource, Action action) {
        made(actionsOf.getOrDefault(resource.id(), new ArrayList<>()), action);
    }

    /** Each list is written by one thread only: a resource's by its worker, the prune's by the cycle's thread. */
    private void made(List<Action> actions, Action action) {
        int index = actions.lastIndexOf(action);
        if (index >= 0) {
            actions.set(index, action.madeAt(clock.instant()));
        }
    }

    /** At debug: the cycle's changes are logged once it ends, each marked applied or not (Reconciler). */
    private void log(String verb, DesiredResource resource, List<String> paths) {
        LOG.debug("{}: {} {} {} ({}){}", context.application(), verb, resource.kind().label(), resource.id(),
                resource.physicalName(), paths.isEmpty() ? "" : " " + String.join(", ", paths));
    }
}
