package io.tracefleet.reconcile;

import io.tracefleet.diff.Health;
import io.tracefleet.diff.HealthVerdict;
import io.tracefleet.diff.Drift;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

import java.util.List;

/**
 * One resource after a cycle: where it stands and why. {@code sync} says whether it matches the spec, {@code health}
 * whether it works.
 *
 * @param retryable for an {@link SyncState#ERROR}: whether trying again soon can help (throttling, 5xx,
 *                  timeouts, IAM not yet consistent) rather than only a spec change (validation errors)
 */
public record ResourceStatus(
        ResourceKind kind,
        LogicalId id,
        String physicalName,
        String identifier,
        SyncState sync,
        Health health,
        String healthReason,
        List<Drift> drift,
        String message,
        boolean retryable) {

    public ResourceStatus {
        drift = List.copyOf(drift);
    }

    public ResourceStatus(ResourceKind kind, LogicalId id, String physicalName, String identifier, SyncState sync,
                          List<Drift> drift, String message) {
        this(kind, id, physicalName, identifier, sync, defaultHealth(sync), null, drift, message, false);
    }

    public ResourceStatus(ResourceKind kind, LogicalId id, String physicalName, String identifier, SyncState sync,
                          List<Drift> drift, String message, boolean retryable) {
        this(kind, id, physicalName, identifier, sync, defaultHealth(sync), null, drift, message, retryable);
    }

    /** The same status with the health its handler read off the observed resource. */
    public ResourceStatus withHealth(HealthVerdict verdict) {
        return withHealth(verdict.health(), verdict.reason());
    }

    public ResourceStatus withHealth(Health observedHealth, String reason) {
        return new ResourceStatus(kind, id, physicalName, identifier, sync, observedHealth, reason, drift, message,
                retryable);
    }

    private static Health defaultHealth(SyncState sync) {
        return switch (sync) {
            case MISSING -> Health.MISSING;
            case SYNCED, OUT_OF_SYNC, ORPHANED, UNMANAGED, PENDING_DELETION -> Health.HEALTHY;
            case CONFLICT, UNPROVEN, ERROR, BLOCKED -> Health.UNKNOWN;
        };
    }

    /** The ids of what a pass found beside the spec: claimed by tags without proof, or someone else's rule. */
    static final String UNPROVEN_PREFIX = "unproven/";
    static final String UNMANAGED_PREFIX = "unmanaged/";

    /** Something found beside the spec, left alone: reported, but it says nothing about whether the spec holds. */
    static ResourceStatus beside(ResourceKind kind, SyncState sync, String physicalName, String identifier,
                                 String message) {
        String prefix = sync == SyncState.UNPROVEN ? UNPROVEN_PREFIX : UNMANAGED_PREFIX;
        return new ResourceStatus(kind, LogicalId.of(prefix + kind.label() + "/" + physicalName), physicalName,
                identifier, sync, Health.HEALTHY, null, List.of(), message, false);
    }

    /**
     * Whether it is no resource of the spec at all: a retained orphan, or what a pass found beside the spec and
     * left alone. A desired resource that is unproven is not beside the spec: the spec does not hold for it.
     */
    public boolean isBesideTheSpec() {
        return sync == SyncState.ORPHANED || sync == SyncState.UNMANAGED
                || (sync == SyncState.UNPROVEN && id.value().startsWith(UNPROVEN_PREFIX));
    }

    /** Nothing to do about it: in sync, or beside the spec. */
    public boolean isSettled() {
        return sync == SyncState.SYNCED || isBesideTheSpec();
    }

    static ResourceStatus of(ResourceKind kind, LogicalId id, String name, String identifier, SyncState sync,
                             String message) {
        return new ResourceStatus(kind, id, name, identifier, sync, List.of(), message);
    }
}
