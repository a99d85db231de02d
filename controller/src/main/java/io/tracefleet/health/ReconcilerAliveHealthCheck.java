package io.tracefleet.health;

import com.codahale.metrics.health.HealthCheck;
import io.tracefleet.status.StatusStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The loop still completes passes: the last one ended less than three resync intervals ago (or, before the first,
 * the controller started less than that ago). A stuck pass shows here long before anyone notices drift piling up.
 * The interval is the effective one: stretched to fit the API budget, passes are rightly further apart.
 */
public final class ReconcilerAliveHealthCheck extends HealthCheck {
    private final StatusStore status;
    private final Supplier<Duration> resyncInterval;
    private final Clock clock;
    private final Instant startedAt;

    public ReconcilerAliveHealthCheck(StatusStore status, Supplier<Duration> resyncInterval, Clock clock) {
        this.status = status;
        this.resyncInterval = resyncInterval;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    protected Result check() {
        Duration limit = resyncInterval.get().multipliedBy(3);
        Instant reference = status.lastPassCompleted().orElse(startedAt);
        Duration age = Duration.between(reference, clock.instant());
        if (age.compareTo(limit) > 0) {
            return Result.unhealthy("no pass has completed for " + age.toSeconds() + " s (limit " + limit.toSeconds()
                    + " s, three resync intervals)");
        }
        return status.lastPassCompleted().map(at -> Result.healthy("last pass completed " + age.toSeconds()
                + " s ago")).orElseGet(() -> Result.healthy("the first pass is running"));
    }
}
