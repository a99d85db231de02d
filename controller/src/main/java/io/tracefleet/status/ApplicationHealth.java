package io.tracefleet.status;

import io.tracefleet.diff.Health;
import io.tracefleet.reconcile.ResourceStatus;

import java.util.List;

/** An application is as healthy as its least healthy resource, as Argo CD aggregates it. */
public final class ApplicationHealth {
    /** Worst first. */
    private static final List<Health> SEVERITY = List.of(Health.DEGRADED, Health.MISSING, Health.UNKNOWN,
            Health.PROGRESSING, Health.HEALTHY);

    private ApplicationHealth() {
    }

    public static Health of(List<ResourceStatus> resources) {
        if (resources.isEmpty()) {
            return Health.UNKNOWN;
        }
        return resources.stream().map(ResourceStatus::health)
                .min(java.util.Comparator.comparingInt(SEVERITY::indexOf)).orElse(Health.UNKNOWN);
    }

    /** Argo CD's spelling: Healthy, Progressing, Degraded, Missing, Unknown. */
    public static String label(Health health) {
        String name = health.name().toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
