package io.tracefleet.reconcile;

import io.tracefleet.desired.LogicalId;

import java.util.Map;
import java.util.Set;

/**
 * How a cycle may act on one application.
 *
 * @param apply         make changes (false: observe and plan only, as for {@code plan} or {@code selfHeal: false})
 * @param adopt         take over unowned resources that have the desired names, instead of reporting conflicts
 * @param pruneLogGroups delete log groups the spec no longer names (they hold data, so they are kept by default)
 * @param ignored       per resource, drift paths that belong to someone else (e.g. desiredCount to autoscaling)
 */
public record ReconcileOptions(boolean apply, boolean adopt, boolean pruneLogGroups,
                               Map<LogicalId, Set<String>> ignored) {

    public ReconcileOptions {
        ignored = Map.copyOf(ignored);
    }

    public static ReconcileOptions applying() {
        return new ReconcileOptions(true, false, false, Map.of());
    }

    public static ReconcileOptions planning() {
        return new ReconcileOptions(false, false, false, Map.of());
    }

    public ReconcileOptions withApply(boolean value) {
        return new ReconcileOptions(value, adopt, pruneLogGroups, ignored);
    }

    public Set<String> ignoredFor(LogicalId id) {
        return ignored.getOrDefault(id, Set.of());
    }
}
