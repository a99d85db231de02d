package io.tracefleet.reconcile;

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
    public ResourceStatus withHealth(Health observedHealth, String reason) {
        return new ResourceStatus(kind, id, physicalName, identifier, sync, observedHealth, reason, drift, message,
                retryable);
    }

    private static Health defaultHealth(SyncState sync) {
        return switch (sync) {
            case MISSING -> Health.MISSING;
            case SYNCED, OUT_OF_SYNC, ORPHANED, PENDING_DELETION -> Health.HEALTHY;
            case CONFLICT, ERROR, BLOCKED -> Health.UNKNOWN;
        };
    }

    static ResourceStatus of(ResourceKind kind, LogicalId id, String name, String identifier, SyncState sync,
                             String message) {
        return new ResourceStatus(kind, id, name, identifier, sync, List.of(), message);
    }
}
