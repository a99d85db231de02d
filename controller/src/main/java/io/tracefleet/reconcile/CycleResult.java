package io.tracefleet.reconcile;

import io.tracefleet.diff.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one cycle of one application saw and did; {@code endpoints} are the services' URLs as observed. */
public record CycleResult(
        String application,
        Instant startedAt,
        Duration duration,
        boolean applied,
        Plan plan,
        List<ResourceStatus> resources,
        Map<String, String> endpoints) {

    public CycleResult {
        resources = List.copyOf(resources);
        endpoints = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(endpoints));
    }

    /**
     * This result as it may be reported where secrets must not be (the log, events, the API): each sensitive value
     * of a drift (a container's plain environment) as its fingerprint, its name kept.
     */
    public CycleResult withSensitiveValuesHidden() {
        Plan hiddenPlan = new Plan(plan.application(), plan.actions().stream().map(a -> new Action(a.verb(), a.kind(),
                a.id(), a.physicalName(), hidden(a.changes()), a.note(), a.madeAt())).toList());
        List<ResourceStatus> hiddenResources = resources.stream().map(r -> new ResourceStatus(r.kind(), r.id(),
                r.physicalName(), r.identifier(), r.sync(), r.health(), r.healthReason(), hidden(r.drift()),
                r.message(), r.retryable())).toList();
        return new CycleResult(application, startedAt, duration, applied, hiddenPlan, hiddenResources, endpoints);
    }

    private static List<io.tracefleet.diff.Drift> hidden(List<io.tracefleet.diff.Drift> drifts) {
        return drifts.stream().map(io.tracefleet.diff.Drift::withSensitiveValuesHidden).toList();
    }

    public boolean isSynced() {
        return resources.stream().allMatch(ResourceStatus::isSettled);
    }

    /** Whether an early retry can help: a retryable error, or a resource waiting on one. */
    public boolean wantsRetry() {
        return resources.stream().anyMatch(r -> r.sync() == SyncState.ERROR && r.retryable());
    }

    /**
     * Why this application is worth another cycle before the next resync, in the manner of controller-runtime's
     * {@code RequeueAfter}: a retryable error (backed off), or something still moving that a cycle soon can carry on
     * (a replacement's next step, a rollout to watch). Empty when the resync is soon enough.
     */
    public java.util.Optional<Requeue> requeue() {
        if (wantsRetry()) {
            return java.util.Optional.of(Requeue.RETRYABLE_ERROR);
        }
        if (resources.stream().anyMatch(r -> r.sync() == SyncState.OUT_OF_SYNC && r.retryable())) {
            return java.util.Optional.of(Requeue.REPLACEMENT_IN_PROGRESS);
        }
        if (resources.stream().anyMatch(r -> r.health() == Health.PROGRESSING)) {
            return java.util.Optional.of(Requeue.PROGRESSING);
        }
        return java.util.Optional.empty();
    }

    /** What an early cycle of one application is for; the loop turns it into a delay. */
    public enum Requeue {
        /** Throttling, a 5xx, IAM not consistent yet: tried again after a per-application backoff. */
        RETRYABLE_ERROR,
        /** A twin stands in for a resource being replaced: the next cycle recreates the real one. */
        REPLACEMENT_IN_PROGRESS,
        /** A load balancer provisioning, a service rolling out: observed again soon so status catches up. */
        PROGRESSING
    }

    public List<ResourceStatus> outOfSync() {
        return resources.stream().filter(r -> r.sync() != SyncState.SYNCED).toList();
    }
}
