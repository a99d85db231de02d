package io.tracefleet.status;

import io.tracefleet.reconcile.CycleResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest cycle result of every application, for the REST API and health checks. It is a report of what the
 * last observation saw, replaced by every cycle; the reconciler never reads it to decide anything.
 */
public final class StatusStore {
    private final Map<String, CycleResult> latest = new ConcurrentSkipListMap<>();
    private volatile Instant lastPassStarted;
    private volatile Instant lastPassCompleted;

    public void record(CycleResult result) {
        latest.put(result.application(), result);
    }

    public void forget(String application) {
        latest.remove(application);
    }

    public Optional<CycleResult> latest(String application) {
        return Optional.ofNullable(latest.get(application));
    }

    public List<CycleResult> all() {
        return List.copyOf(latest.values());
    }

    public void passStarted(Instant at) {
        lastPassStarted = at;
    }

    public void passCompleted(Instant at) {
        lastPassCompleted = at;
    }

    public Optional<Instant> lastPassStarted() {
        return Optional.ofNullable(lastPassStarted);
    }

    public Optional<Instant> lastPassCompleted() {
        return Optional.ofNullable(lastPassCompleted);
    }
}
