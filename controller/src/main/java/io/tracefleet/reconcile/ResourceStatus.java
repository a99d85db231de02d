package io.tracefleet.reconcile;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

import java.util.List;

/** One resource after a cycle: where it stands and why. */
public record ResourceStatus(
        ResourceKind kind,
        LogicalId id,
        String physicalName,
        String identifier,
        SyncState sync,
        List<Drift> drift,
        String message) {

    public ResourceStatus {
        drift = List.copyOf(drift);
    }

    static ResourceStatus of(ResourceKind kind, LogicalId id, String name, String identifier, SyncState sync,
                             String message) {
        return new ResourceStatus(kind, id, name, identifier, sync, List.of(), message);
    }
}
