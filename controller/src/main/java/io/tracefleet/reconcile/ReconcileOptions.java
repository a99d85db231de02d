package io.tracefleet.reconcile;

import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.Service;
import io.tracefleet.spec.model.TracedApplication;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;

import java.util.Map;
import java.util.Set;

/**
 * How a cycle may act on one application.
 *
 * @param apply         make changes (false: observe and plan only, as for {@code plan} or {@code selfHeal: false})
 * @param adopt         take over unowned resources that have the desired names, instead of reporting conflicts
 * @param pruneLogGroups delete log groups the spec no longer names (they hold data, so they are kept by default)
 * @param ignored       per resource, drift paths that belong to someone else (e.g. desiredCount to autoscaling)
 * @param specSettlesAt while the application's spec file changed too recently to be sure it is whole, the moment it
 *                      will have been stable for the settle period: until then nothing is deleted; null when settled
 * @param guard         how large a deletion may be without a confirmation
 * @param confirmed     the identifiers (ARNs, ids) of resources a person confirmed for deletion: a held deletion
 *                      goes ahead when everything it would delete is among them
 */
public record ReconcileOptions(boolean apply, boolean adopt, boolean pruneLogGroups,
                               Map<LogicalId, Set<String>> ignored, Instant specSettlesAt, DeletionGuard guard,
                               Set<String> confirmed) {

    public ReconcileOptions {
        ignored = Map.copyOf(ignored);
        confirmed = Set.copyOf(confirmed);
    }

    /** Deletions as the spec implies them, at once and without a guard (tests and one-off tools). */
    public ReconcileOptions(boolean apply, boolean adopt, boolean pruneLogGroups,
                            Map<LogicalId, Set<String>> ignored) {
        this(apply, adopt, pruneLogGroups, ignored, null, DeletionGuard.OFF, Set.of());
    }

    public static ReconcileOptions applying() {
        return new ReconcileOptions(true, false, false, Map.of());
    }

    public static ReconcileOptions planning() {
        return new ReconcileOptions(false, false, false, Map.of());
    }

    public ReconcileOptions withApply(boolean value) {
        return new ReconcileOptions(value, adopt, pruneLogGroups, ignored, specSettlesAt, guard, confirmed);
    }

    /** The same options with what governs deletions in this cycle. */
    public ReconcileOptions withDeletions(Instant settlesAt, DeletionGuard deletionGuard, Set<String> confirmedIds) {
        return new ReconcileOptions(apply, adopt, pruneLogGroups, ignored, settlesAt, deletionGuard, confirmedIds);
    }

    /** What the application's spec says about how it may be changed. */
    public static ReconcileOptions of(TracedApplication application) {
        ApplicationSpec spec = application.spec();
        Map<LogicalId, Set<String>> ignored = new HashMap<>();
        spec.services().forEach((name, service) -> {
            if (service.ignore() == null) {
                return;
            }
            for (Service.IgnoredField field : service.ignore()) {
                switch (field) {
                    case DESIRED_COUNT -> ignored.computeIfAbsent(DesiredStateBuilder.serviceResource(name, "service"),
                            k -> new HashSet<>()).add("desiredCount");
                    case IMAGE -> ignored.computeIfAbsent(DesiredStateBuilder.serviceResource(name,
                            "task-definition"), k -> new HashSet<>()).add("containers." + name + ".image");
                }
            }
        });
        return new ReconcileOptions(!Boolean.FALSE.equals(spec.selfHeal()), Boolean.TRUE.equals(spec.adopt()),
                spec.prune() != null && Boolean.TRUE.equals(spec.prune().logGroups()), ignored);
    }

    public Set<String> ignoredFor(LogicalId id) {
        return ignored.getOrDefault(id, Set.of());
    }
}
