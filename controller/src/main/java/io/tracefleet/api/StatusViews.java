package io.tracefleet.api;

import io.tracefleet.reconcile.Action;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.OnDemandPlans;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.status.ApplicationHealth;
import io.tracefleet.status.ApplicationState;
import io.tracefleet.status.Condition;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Pure mapping from what the reconciler recorded to the JSON views. */
final class StatusViews {
    /** What says AWS differs from the spec. */
    private static final Set<SyncState> DIFFERENT = EnumSet.of(SyncState.OUT_OF_SYNC, SyncState.MISSING,
            SyncState.CONFLICT, SyncState.UNPROVEN, SyncState.PENDING_DELETION);
    /** What says the controller could not tell. */
    private static final Set<SyncState> UNKNOWN = EnumSet.of(SyncState.ERROR, SyncState.BLOCKED);

    private StatusViews() {
    }

    /** @param specProblem why the spec file is not what is applied (its last valid version is), or null */
    static Views.Application application(ApplicationState state, String region, boolean paused,
                                         String specProblem) {
        CycleResult result = state.result();
        List<ResourceStatus> resources = result.resources();
        String lastError = resources.stream().filter(r -> r.sync() == SyncState.ERROR)
                .map(r -> r.id() + ": " + r.message()).findFirst().orElse(null);
        return new Views.Application(result.application(), region, sync(resources, specValid(state)),
                ApplicationHealth.label(ApplicationHealth.of(resources)), paused, state.generation(),
                result.startedAt(), result.duration().toMillis(), state.conditions(), lastError, specProblem,
                result.endpoints(),
                resources.stream().map(StatusViews::resource).toList());
    }

    private static boolean specValid(ApplicationState state) {
        return state.conditions().stream().noneMatch(c -> c.type().equals(Condition.SPEC_VALID) && !c.status());
    }

    /**
     * As {@link #sync(List)}, but never Synced while the spec file is invalid: what AWS was compared with is its
     * last valid version, so whether AWS matches the file is unknown.
     */
    static String sync(List<ResourceStatus> resources, boolean specValid) {
        String sync = sync(resources);
        return !specValid && sync.equals("Synced") ? "Unknown" : sync;
    }

    /** Synced, OutOfSync when something observed differs, Unknown when something could not be observed. */
    static String sync(List<ResourceStatus> resources) {
        if (resources.stream().anyMatch(r -> DIFFERENT.contains(r.sync()) && !r.isBesideTheSpec())) {
            return "OutOfSync";
        }
        if (resources.isEmpty() || resources.stream().anyMatch(r -> UNKNOWN.contains(r.sync()))) {
            return "Unknown";
        }
        return "Synced";
    }

    static Views.Resource resource(ResourceStatus status) {
        return new Views.Resource(status.kind().label(), status.id().value(), status.physicalName(),
                status.identifier(), label(status.sync()), ApplicationHealth.label(status.health()),
                status.healthReason(), status.drift(), status.message());
    }

    static boolean isDrift(ResourceStatus status) {
        return !status.isSettled();
    }

    static Views.DriftEntry drift(String application, ResourceStatus status) {
        return new Views.DriftEntry(application, status.kind().label(), status.id().value(), status.physicalName(),
                label(status.sync()), status.drift(), status.message());
    }

    static Views.Plan plan(OnDemandPlans.Answer answer) {
        CycleResult result = answer.result();
        List<Views.PlannedAction> actions = result.plan().actions().stream().map(StatusViews::action).toList();
        return new Views.Plan(result.application(), actions.size(), actions, result.plan().toText(),
                answer.observedAt(), answer.reused());
    }

    private static Views.PlannedAction action(Action action) {
        return new Views.PlannedAction(action.verb().name().toLowerCase(Locale.ROOT), action.kind().label(),
                action.id().value(), action.physicalName(), action.changes(), action.note());
    }

    /** OUT_OF_SYNC → OutOfSync. */
    static String label(Enum<?> value) {
        StringBuilder out = new StringBuilder();
        for (String word : value.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
