package io.tracefleet.health;

import com.codahale.metrics.health.HealthCheck;
import io.tracefleet.local.SupervisedLocalAws;

import java.util.function.Supplier;

/** The embedded AWS's process is alive: unhealthy from its death until it serves again, saying how it ended. */
public final class LocalAwsHealthCheck extends HealthCheck {
    private final Supplier<SupervisedLocalAws.State> state;

    public LocalAwsHealthCheck(Supplier<SupervisedLocalAws.State> state) {
        this.state = state;
    }

    @Override
    protected Result check() {
        SupervisedLocalAws.State now = state.get();
        return now.running() ? Result.healthy(now.describe()) : Result.unhealthy(now.describe());
    }
}
