package io.tracefleet.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What one cycle of one application saw and did. */
public record CycleResult(
        String application,
        Instant startedAt,
        Duration duration,
        boolean applied,
        Plan plan,
        List<ResourceStatus> resources) {

    public CycleResult {
        resources = List.copyOf(resources);
    }

    public boolean isSynced() {
        return resources.stream().allMatch(r -> r.sync() == SyncState.SYNCED || r.sync() == SyncState.ORPHANED);
    }

    /** Whether an early retry can help: a retryable error, or a resource waiting on one. */
    public boolean wantsRetry() {
        return resources.stream().anyMatch(r -> r.sync() == SyncState.ERROR && r.retryable());
    }

    public List<ResourceStatus> outOfSync() {
        return resources.stream().filter(r -> r.sync() != SyncState.SYNCED).toList();
    }
}
