package io.tracefleet.reconcile;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

import java.util.List;

/**
 * One resource after a cycle: where it stands and why.
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
        List<Drift> drift,
        String message,
        boolean retryable) {

    public ResourceStatus {
        drift = List.copyOf(drift);
    }

    public ResourceStatus(ResourceKind kind, LogicalId id, String physicalName, String identifier, SyncState sync,
                          List<Drift> drift, String message) {
        this(kind, id, physicalName, identifier, sync, drift, message, false);
    }

    static ResourceStatus of(ResourceKind kind, LogicalId id, String name, String identifier, SyncState sync,
                             String message) {
        return new ResourceStatus(kind, id, name, identifier, sync, List.of(), message);
    }
}
