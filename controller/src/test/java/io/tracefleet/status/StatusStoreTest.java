package io.tracefleet.status;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.reconcile.Action;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.Plan;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T07:00:00Z");

    private static CycleResult cycle(Instant at, boolean applied, List<Action> actions, ResourceStatus... resources) {
        return new CycleResult("shop", at, Duration.ofMillis(250), applied, new Plan("shop", actions),
                List.of(resources), Map.of());
    }

    private static ResourceStatus synced(String id) {
        return new ResourceStatus(ResourceKind.LOG_GROUP, LogicalId.of(id), "/ecs/" + id, "arn:" + id,
                SyncState.SYNCED, List.of(), null);
    }

    private static ResourceStatus drifted(String id) {
        return new ResourceStatus(ResourceKind.ECS_SERVICE, LogicalId.of(id), id, "arn:" + id, SyncState.OUT_OF_SYNC,
                List.of(new Drift("desiredCount", "1", "3")), "drifted");
    }

    private static Condition condition(StatusStore store, String type) {
        return store.state("shop").orElseThrow().conditions().stream().filter(c -> c.type().equals(type))
                .findFirst().orElseThrow();
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItsStatusFlips() {
        StatusStore store = new StatusStore();
        store.record(cycle(T0, true, List.of(), synced("a")), "g1");
        Instant firstSynced = condition(store, Condition.SYNCED).lastTransitionTime();

        store.record(cycle(T0.plusSeconds(30), true, List.of(), synced("a")), "g1");
        assertThat(condition(store, Condition.SYNCED).lastTransitionTime()).isEqualTo(firstSynced);

        store.record(cycle(T0.plusSeconds(60), false, List.of(), drifted("web/service")), "g1");
        Condition outOfSync = condition(store, Condition.SYNCED);
        assertThat(outOfSync.status()).isFalse();
        assertThat(outOfSync.reason()).isEqualTo("OutOfSync");
        assertThat(outOfSync.message()).isEqualTo("1 of 1 resources do not match the spec");
        assertThat(outOfSync.lastTransitionTime()).isEqualTo(T0.plusSeconds(60).plusMillis(250));
        assertThat(store.state("shop").orElseThrow().generation()).isEqualTo("g1");
    }

    @Test
    void appliedActionsAndErrorsBecomeEventsButAPlanDoesNot() {
        StatusStore store = new StatusStore();
        Action create = Action.of(Action.Verb.CREATE, ResourceKind.LOG_GROUP, LogicalId.of("a"), "/ecs/a");
        ResourceStatus failed = new ResourceStatus(ResourceKind.IAM_ROLE, LogicalId.of("roles/task-role"), "r", null,
                SyncState.ERROR, List.of(), "IAM CreateRole: AccessDenied: no", false);

        store.record(cycle(T0, false, List.of(create), synced("a")), "g1");
        assertThat(store.events().since(null)).isEmpty();

        store.record(cycle(T0.plusSeconds(1), true, List.of(create), synced("a"), failed), "g1");
        assertThat(store.events().since(null)).extracting(Event::type, Event::resource, Event::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Event.Type.ACTION, "a", "create"),
                        org.assertj.core.groups.Tuple.tuple(Event.Type.ERROR, "roles/task-role", "Error"));
        assertThat(store.events().since(T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void anActionsEventCarriesTheTimeItsWriteWasMadeNotThePasssEnd() {
        StatusStore store = new StatusStore();
        Action first = Action.of(Action.Verb.CREATE, ResourceKind.LOG_GROUP, LogicalId.of("a"), "/ecs/a")
                .madeAt(T0.plusMillis(40));
        Action second = Action.of(Action.Verb.CREATE, ResourceKind.LOG_GROUP, LogicalId.of("b"), "/ecs/b")
                .madeAt(T0.plusMillis(180));
        Action unstamped = Action.of(Action.Verb.CREATE, ResourceKind.LOG_GROUP, LogicalId.of("c"), "/ecs/c");

        store.record(cycle(T0, true, List.of(first, second, unstamped), synced("a"), synced("b"), synced("c")), "g1");

        assertThat(store.events().since(null)).extracting(Event::time).containsExactly(T0.plusMillis(40),
                T0.plusMillis(180), T0.plusMillis(250));
    }

    @Test
    void anInvalidSpecFileIsAFalseSpecValidConditionAndNotSyncedUntilItIsValidAgain() {
        StatusStore store = new StatusStore();
        store.record(cycle(T0, true, List.of(), synced("a")), "g1");
        assertThat(store.state("shop").orElseThrow().conditions()).extracting(Condition::type)
                .containsExactly(Condition.SYNCED, Condition.HEALTHY);

        store.specChanged(T0.plusSeconds(5), "shop", Condition.INVALID, "the spec file is invalid; its last valid "
                + "version stays in force: specs/shop.yaml:7:5: spec.services[0].cpus: unknown field");
        store.record(cycle(T0.plusSeconds(10), true, List.of(), synced("a")), "g1");

        Condition spec = condition(store, Condition.SPEC_VALID);
        assertThat(spec.status()).isFalse();
        assertThat(spec.message()).contains("specs/shop.yaml:7:5");
        assertThat(spec.lastTransitionTime()).isEqualTo(T0.plusSeconds(5));
        Condition synced = condition(store, Condition.SYNCED);
        assertThat(synced.status()).as("AWS matches the last valid version, not the file").isFalse();
        assertThat(synced.reason()).isEqualTo("SpecInvalid");
        assertThat(store.states()).singleElement().extracting(ApplicationState::conditions)
                .isEqualTo(store.state("shop").orElseThrow().conditions());
        assertThat(store.events().since(null)).extracting(Event::type, Event::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Event.Type.SPEC, "Invalid"));

        store.specChanged(T0.plusSeconds(20), "shop", "Valid", "the spec file is valid again");
        assertThat(condition(store, Condition.SPEC_VALID).status()).isTrue();
        assertThat(condition(store, Condition.SYNCED).status()).isTrue();
        assertThat(store.events().since(T0.plusSeconds(15))).extracting(Event::reason).containsExactly("Valid");
    }

    @Test
    void thePassOutcomeNamesWhatIsWrong() {
        StatusStore store = new StatusStore();
        store.passStarted(T0);
        store.passCompleted(T0.plusSeconds(2), List.of(cycle(T0, true, List.of(), drifted("web/service"))));

        assertThat(store.lastPassOutcome()).contains("OutOfSync: 1 application(s)");
        assertThat(store.lastPassDuration()).contains(Duration.ofSeconds(2));
    }

    @Test
    void theLastPassPairsItsOwnStartAndEndWhileTheNextOneRuns() {
        StatusStore store = new StatusStore();
        store.passStarted(T0);
        store.passCompleted(T0.plusSeconds(1), List.of());
        store.passStarted(T0.plusSeconds(30));

        StatusStore.LastPass last = store.lastPass().orElseThrow();
        assertThat(last.startedAt()).isEqualTo(T0);
        assertThat(last.completedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.passRunningSince()).contains(T0.plusSeconds(30));
    }

    @Test
    void aWallClockSteppedBackDuringAPassNeverShowsAnEndBeforeTheStart() {
        StatusStore store = new StatusStore();
        store.passStarted(T0.plusSeconds(5));
        store.passCompleted(T0, List.of());

        StatusStore.LastPass last = store.lastPass().orElseThrow();
        assertThat(last.completedAt()).isAfterOrEqualTo(last.startedAt());
        assertThat(last.duration().isNegative()).isFalse();
    }

    @Test
    void everyCompletedPassIsCounted() {
        StatusStore store = new StatusStore();
        assertThat(store.passesCompleted()).isZero();

        store.passStarted(T0);
        store.passCompleted(T0.plusSeconds(1), List.of());
        store.passStarted(T0.plusSeconds(2));
        assertThat(store.passesCompleted()).as("a pass only started").isEqualTo(1);
        store.passCompleted(T0.plusSeconds(3), List.of(cycle(T0, true, List.of(), synced("a"))));

        assertThat(store.passesCompleted()).isEqualTo(2);
    }
}
