package io.tracefleet.reconcile;

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

    public boolean isSynced() {
        return resources.stream().allMatch(ResourceStatus::isSettled);
    }

    /** Whether an early retry can help: a retryable error, or a resource waiting on one. */
    public boolean wantsRetry() {
        return resources.stream().anyMatch(r -> r.sync() == SyncState.ERROR && r.retryable());
    }

    public List<ResourceStatus> outOfSync() {
        return resources.stream().filter(r -> r.sync() != SyncState.SYNCED).toList();
    }
}
