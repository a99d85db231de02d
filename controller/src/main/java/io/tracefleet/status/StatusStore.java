package io.tracefleet.status;

import io.tracefleet.reconcile.Action;
import io.tracefleet.reconcile.CycleRecorder;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Health;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest cycle result of every application, for the REST API and health checks. It is a report of what the
 * last observation saw, replaced by every cycle; the reconciler never reads it to decide anything.
 */
public final class StatusStore implements CycleRecorder {
    private final Map<String, ApplicationState> latest = new ConcurrentSkipListMap<>();
    /**
     * Per application, whether its spec file is valid: told by the reconciler when it turns invalid or valid, not
     * by a cycle, since a cycle runs on the last valid version and cannot know the file is broken.
     */
    private final Map<String, Condition> specValidity = new java.util.concurrent.ConcurrentHashMap<>();
    private final EventLog events = new EventLog();
    /** The pass under way, if any; the last completed one is {@link #lastPass}. */
    private volatile Instant passRunningSince;
    /**
     * One snapshot, replaced whole when a pass completes: read field by field, a reader between a pass's start and
     * end would pair the new pass's start with the previous pass's end.
     */
    private volatile LastPass lastPass;
    private final java.util.concurrent.atomic.AtomicLong passesCompleted = new java.util.concurrent.atomic.AtomicLong();

    /** Records a cycle, and its applied actions and errors as events. */
    @Override
    public void record(CycleResult result, String generation) {
        ApplicationState previous = latest.get(result.application());
        List<Condition> conditions = new ArrayList<>();
        for (Condition now : conditionsOf(result)) {
            Condition before = previous == null ? null : previous.conditions().stream()
                    .filter(c -> c.type().equals(now.type())).findFirst().orElse(null);
            conditions.add(now.since(before));
        }
        latest.put(result.application(), new ApplicationState(result, generation, conditions));
        Instant at = result.startedAt().plus(result.duration());
        if (result.applied()) {
            // A held deletion is repeated every pass until it settles or is confirmed: status shows it, not events.
            result.plan().actions().stream().filter(action -> action.verb() != Action.Verb.HOLD)
                    .forEach(action -> events.add(action.madeAt() != null ? action.madeAt() : at,
                            Event.Type.ACTION, result.application(),
                    action.id().value(), action.verb().name().toLowerCase(java.util.Locale.ROOT),
                    action.describe().replace("\n      ", "; ")));
        }
        result.resources().stream().filter(r -> r.sync() == SyncState.ERROR).forEach(r -> events.add(at,
                Event.Type.ERROR, result.application(), r.id().value(), "Error", r.message()));
    }

    @Override
    public void specChanged(Instant at, String application, String reason, String message) {
        events.add(at, Event.Type.SPEC, application, null, reason, message);
        boolean valid = !Condition.INVALID.equals(reason);
        specValidity.put(application, new Condition(Condition.SPEC_VALID, valid, reason, message, at));
    }

    @Override
    public void forget(String application) {
        latest.remove(application);
        specValidity.remove(application);
    }

    /**
     * The application's last cycle with its conditions; while its spec file is invalid, a {@code SpecValid: False}
     * condition naming file and line, and {@code Synced} false: AWS was compared with the last valid version, not
     * with what the file now says.
     */
    public Optional<ApplicationState> state(String application) {
        return Optional.ofNullable(latest.get(application)).map(this::withSpecValidity);
    }

    private ApplicationState withSpecValidity(ApplicationState state) {
        Condition spec = specValidity.get(state.result().application());
        if (spec == null) {
            return state;
        }
        List<Condition> conditions = new ArrayList<>();
        for (Condition condition : state.conditions()) {
            if (!spec.status() && condition.type().equals(Condition.SYNCED) && condition.status()) {
                conditions.add(new Condition(Condition.SYNCED, false, "SpecInvalid", "the spec file is invalid; "
                        + "AWS was compared with its last valid version, not with the file",
                        spec.lastTransitionTime()));
            } else {
                conditions.add(condition);
            }
        }
        conditions.add(spec);
        return new ApplicationState(state.result(), state.generation(), conditions);
    }

    @Override
    public Optional<CycleResult> latest(String application) {
        return state(application).map(ApplicationState::result);
    }

    public List<ApplicationState> states() {
        return latest.values().stream().map(this::withSpecValidity).toList();
    }

    public List<CycleResult> all() {
        return states().stream().map(ApplicationState::result).toList();
    }

    public EventLog events() {
        return events;
    }

    @Override
    public void passStarted(Instant at) {
        passRunningSince = at;
    }

    /** A pass ended; its outcome is "Synced" when every application is, else what is wrong. */
    @Override
    public void passCompleted(Instant at, List<CycleResult> results) {
        Instant started = passRunningSince == null ? at : passRunningSince;
        // A wall clock stepped back during the pass must not show an end before the start.
        Instant completed = at.isBefore(started) ? started : at;
        long unsynced = results.stream().filter(r -> !r.isSynced()).count();
        long failing = results.stream().filter(r -> r.resources().stream()
                .anyMatch(s -> s.sync() == SyncState.ERROR)).count();
        String outcome = failing > 0 ? "Error: " + failing + " application(s) with errors"
                : unsynced > 0 ? "OutOfSync: " + unsynced + " application(s)" : "Synced";
        lastPass = new LastPass(started, completed, Duration.between(started, completed), outcome);
        passRunningSince = null;
        passesCompleted.incrementAndGet();
    }

    /** The last completed pass: its start, end (never before its start), duration and outcome. */
    public record LastPass(Instant startedAt, Instant completedAt, Duration duration, String outcome) {
    }

    public Optional<LastPass> lastPass() {
        return Optional.ofNullable(lastPass);
    }

    /** When the pass under way started; empty between passes. */
    public Optional<Instant> passRunningSince() {
        return Optional.ofNullable(passRunningSince);
    }

    /**
     * Passes completed since the start, whoever asked for them (resyncs, early retries, the API, tests): what
     * "converged within N passes" counts.
     */
    public long passesCompleted() {
        return passesCompleted.get();
    }

    public Optional<Instant> lastPassCompleted() {
        return lastPass().map(LastPass::completedAt);
    }

    public Optional<Duration> lastPassDuration() {
        return lastPass().map(LastPass::duration);
    }

    public Optional<String> lastPassOutcome() {
        return lastPass().map(LastPass::outcome);
    }

    static List<Condition> conditionsOf(CycleResult result) {
        Instant at = result.startedAt().plus(result.duration());
        List<ResourceStatus> resources = result.resources();
        long unsynced = resources.stream().filter(r -> !r.isSettled()).count();
        long errors = resources.stream().filter(r -> r.sync() == SyncState.ERROR).count();
        String syncReason = errors > 0 ? "Error" : unsynced > 0 ? "OutOfSync" : "Synced";
        String syncMessage = unsynced == 0 ? "all " + resources.size() + " resources match the spec"
                : unsynced + " of " + resources.size() + " resources do not match the spec" + (errors > 0
                ? " (" + errors + " failed)" : "");
        long unhealthy = resources.stream().filter(r -> r.health() != Health.HEALTHY).count();
        Health health = ApplicationHealth.of(resources);
        String healthMessage = unhealthy == 0 ? "every resource works"
                : unhealthy + " of " + resources.size() + " resources are not healthy";
        return List.of(
                new Condition(Condition.SYNCED, unsynced == 0, syncReason, syncMessage, at),
                new Condition(Condition.HEALTHY, health == Health.HEALTHY, ApplicationHealth.label(health),
                        healthMessage, at));
    }
}
