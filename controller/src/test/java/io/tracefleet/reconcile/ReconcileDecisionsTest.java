package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.ClusterProperties;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Health;
import io.tracefleet.reconcile.InMemoryAws.Box;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.NetworkLookup;
import io.tracefleet.resources.Outputs;
import io.tracefleet.resources.ResourceHandler;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.tracefleet.desired.ResourceKind.ECR_REPOSITORY;
import static io.tracefleet.desired.ResourceKind.ECS_CLUSTER;
import static io.tracefleet.desired.ResourceKind.ECS_SERVICE;
import static io.tracefleet.desired.ResourceKind.LOG_GROUP;
import static io.tracefleet.desired.ResourceKind.TARGET_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's decision table, one rule a test, against {@link InMemoryAws}: no moto, no network, milliseconds.
 * Each test fails if its rule is broken; the handlers' own behaviour against AWS is what their ITs check.
 */
class ReconcileDecisionsTest {
    private static final String APP = "shop";
    private static final String REGION = "ap-northeast-1";
    /** Real SDK clients the in-memory handlers never call: the cycle's context wants them, nothing else does. */
    private static final AwsClients NEVER_CALLED = AwsClients.create(AwsClientSettings.endpoint(
            URI.create("http://127.0.0.1:9"), Region.AP_NORTHEAST_1));
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final InMemoryAws aws = new InMemoryAws();
    private final ResourceHandlers handlers = aws.handlers(ECS_CLUSTER, TARGET_GROUP, ECS_SERVICE, LOG_GROUP,
            ECR_REPOSITORY);

    @AfterAll
    static void close() {
        NEVER_CALLED.close();
    }

    private static DesiredResource resource(ResourceKind kind, String id, String name, String... dependsOn) {
        return new DesiredResource(kind, LogicalId.of(id), name, new ClusterProperties(),
                OwnershipTags.of(APP, LogicalId.of(id)),
                Arrays.stream(dependsOn).map(LogicalId::of).collect(Collectors.toSet()));
    }

    private static final DesiredResource CLUSTER = resource(ECS_CLUSTER, "cluster", "shop");
    private static final DesiredResource TARGETS = resource(TARGET_GROUP, "web/target-group", "shop-web-tg");
    private static final DesiredResource SERVICE = resource(ECS_SERVICE, "web/service", "web", "cluster",
            "web/target-group");
    private static final List<DesiredResource> ALL = List.of(CLUSTER, TARGETS, SERVICE);

    private CycleResult cycle(ReconcileOptions options, List<DesiredResource> resources) {
        return cycle(options, resources, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private CycleResult cycle(ReconcileOptions options, List<DesiredResource> resources, Clock clock) {
        DesiredState desired = new DesiredState(APP, REGION, resources);
        CycleContext context = new CycleContext(NEVER_CALLED, desired, new Outputs(),
                new NetworkLookup(NEVER_CALLED.ec2()), TestKeys.KEYS);
        return new ApplicationCycle(context, options, handlers, clock).run();
    }

    private CycleResult apply(List<DesiredResource> resources) {
        return cycle(ReconcileOptions.applying(), resources);
    }

    /** Made by an earlier cycle: the ownership tags with a valid proof. */
    private void ours(DesiredResource resource, Box view) {
        aws.put(resource.kind(), resource.physicalName(), TestKeys.owned(REGION, resource.kind(),
                resource.physicalName(), APP, resource.id()), view);
    }

    private static Map<String, SyncState> syncById(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), ResourceStatus::sync,
                (a, b) -> a, java.util.TreeMap::new));
    }

    private static List<String> verbs(CycleResult result) {
        return result.plan().actions().stream().map(a -> a.verb() + " " + a.id()).toList();
    }

    @Test
    void whatIsMissingIsCreatedInDependencyOrderAndASecondCycleWritesNothing() {
        CycleResult first = apply(ALL);
        assertThat(aws.writes()).containsExactly("create ecs-cluster shop", "create target-group shop-web-tg",
                "create ecs-service web");
        assertThat(first.outOfSync()).isEmpty();

        CycleResult second = apply(ALL);
        assertThat(aws.writes()).as("level-triggered: nothing drifted, nothing written").hasSize(3);
        assertThat(second.plan().isEmpty()).isTrue();
    }

    @Test
    void aDriftedFieldIsCorrectedInPlaceOrOnlyReportedWhenNotApplying() {
        ours(CLUSTER, new Box("large", "a"));

        CycleResult planned = cycle(ReconcileOptions.planning(), List.of(CLUSTER));
        assertThat(syncById(planned)).containsEntry("cluster", SyncState.OUT_OF_SYNC);
        assertThat(aws.writes()).isEmpty();

        CycleResult applied = apply(List.of(CLUSTER));
        assertThat(aws.writes()).containsExactly("update ecs-cluster shop");
        assertThat(applied.resources().get(0).message()).isEqualTo("corrected size");
    }

    @Test
    void aHealUpdatesSyncDriftAndHealthTogether() {
        ours(CLUSTER, new Box("tiny", "a"));

        ResourceStatus planned = cycle(ReconcileOptions.planning(), List.of(CLUSTER)).resources().get(0);
        assertThat(planned.sync()).isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(planned.drift()).extracting(d -> d.path()).containsExactly("size");
        assertThat(planned.health()).isEqualTo(Health.DEGRADED);

        ResourceStatus healed = apply(List.of(CLUSTER)).resources().get(0);
        assertThat(healed.sync()).isEqualTo(SyncState.SYNCED);
        assertThat(healed.drift()).as("corrected, nothing differs any more").isEmpty();
        assertThat(healed.health()).as("read off what the update answered, not the drifted observation")
                .isEqualTo(Health.HEALTHY);
        assertThat(healed.healthReason()).isNull();
        assertThat(healed.message()).isEqualTo("corrected size");
    }

    @Test
    void eachWriteCarriesTheTimeItWasMadeAndAPlanNone() {
        Clock ticking = new Clock() {
            private Instant now = NOW;

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }
        };
        CycleResult planned = cycle(ReconcileOptions.planning(), ALL, ticking);
        assertThat(planned.plan().actions()).extracting(Action::madeAt).containsOnlyNulls();

        CycleResult applied = cycle(ReconcileOptions.applying(), ALL, ticking);
        List<Instant> made = applied.plan().actions().stream().map(Action::madeAt).toList();
        Instant end = applied.startedAt().plus(applied.duration());
        assertThat(made).hasSize(3).doesNotContainNull().isSorted().doesNotHaveDuplicates()
                .allMatch(at -> at.isAfter(applied.startedAt()) && at.isBefore(end));
    }

    @Test
    void aResourceWithTheNameButNoneOfOurTagsIsAConflictUntilAdopted() {
        aws.put(ECS_CLUSTER, "shop", Map.of("team", "payments"), new Box("small", "a"));

        CycleResult conflict = apply(List.of(CLUSTER));
        assertThat(syncById(conflict)).containsEntry("cluster", SyncState.CONFLICT);
        assertThat(aws.writes()).isEmpty();

        ReconcileOptions adopting = new ReconcileOptions(true, true, false, Map.of());
        CycleResult adopted = cycle(adopting, List.of(CLUSTER));
        assertThat(verbs(adopted)).containsExactly("ADOPT cluster");
        assertThat(aws.writes()).containsExactly("tag ecs-cluster shop");
        assertThat(apply(List.of(CLUSTER)).outOfSync()).as("adopted, it carries the proof").isEmpty();
    }

    @Test
    void forgedTagsWithoutAProofAreUnprovenNeverWrittenAndBlockTheirDependents() {
        aws.put(ECS_CLUSTER, "shop", OwnershipTags.of(APP, LogicalId.of("cluster")), new Box("large", "a"));

        CycleResult result = apply(ALL);

        assertThat(syncById(result)).containsEntry("cluster", SyncState.UNPROVEN)
                .containsEntry("web/service", SyncState.BLOCKED);
        assertThat(aws.writes()).containsExactly("create target-group shop-web-tg");
    }

    @Test
    void forgedTagsOnSomethingTheSpecDoesNotNameAreReportedNeverDeleted() {
        aws.put(TARGET_GROUP, "someone-elses-tg", OwnershipTags.of(APP, LogicalId.of("old/target-group")),
                new Box("small", "a"));

        CycleResult result = apply(List.of(CLUSTER));

        assertThat(aws.writes()).containsExactly("create ecs-cluster shop");
        assertThat(result.resources()).filteredOn(r -> r.sync() == SyncState.UNPROVEN).singleElement()
                .satisfies(r -> assertThat(r.physicalName()).isEqualTo("someone-elses-tg"));
        assertThat(result.isSynced()).as("beside the spec: reported, not drift").isTrue();
    }

    @Test
    void aLookAlikeMadeInTheCreateRaceIsNeitherCreatedNorGivenToDependents() {
        aws.appearOnCreate("shop", OwnershipTags.of(APP, LogicalId.of("cluster")));

        CycleResult result = apply(ALL);

        assertThat(syncById(result)).containsEntry("cluster", SyncState.UNPROVEN)
                .containsEntry("web/service", SyncState.BLOCKED);
        assertThat(result.resources().get(0).message()).isNotEqualTo("created");
        assertThat(aws.writes()).doesNotContain("create ecs-service web");
    }

    @Test
    void aFailedDependencyBlocksItsDependentsAndThePrune() {
        aws.failObserve("shop", AwsServiceException.builder().statusCode(503).message("unavailable").build());
        ours(resource(ECR_REPOSITORY, "old/repository", "old"), new Box("small", "a"));

        CycleResult result = apply(ALL);

        assertThat(syncById(result)).containsEntry("cluster", SyncState.ERROR)
                .containsEntry("web/service", SyncState.BLOCKED);
        assertThat(aws.writes()).as("nothing pruned while something could not be seen")
                .containsExactly("create target-group shop-web-tg");
        assertThat(result.requeue()).contains(CycleResult.Requeue.RETRYABLE_ERROR);
    }

    @Test
    void aRetryableFailureIsRetryableAndATerminalOneIsNot() {
        aws.failObserve("shop", AwsServiceException.builder().statusCode(400).message("bad")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationError").build()).build());
        aws.failObserve("shop-web-tg", new ResourceHandler.NotVisibleYet("created, not listed yet"));

        CycleResult result = apply(List.of(CLUSTER, TARGETS));

        assertThat(result.resources()).extracting(r -> r.id().value() + " " + r.retryable())
                .containsExactly("cluster false", "web/target-group true");
    }

    @Test
    void whatTheSpecNoLongerNamesIsDeletedDependentsFirstAndLogGroupsKept() {
        ALL.forEach(r -> ours(r, new Box("small", "a")));
        ours(resource(LOG_GROUP, "web/log-group", "/ecs/web"), new Box("small", "a"));

        CycleResult result = apply(List.of());

        assertThat(aws.writes()).containsExactly("delete ecs-service web", "delete target-group shop-web-tg",
                "delete ecs-cluster shop");
        assertThat(syncById(result)).containsEntry("web/log-group", SyncState.ORPHANED);
    }

    @Test
    void aKindThatCannotBeListedStopsThePruneBeforeWhatItDependsOn() {
        ALL.forEach(r -> ours(r, new Box("small", "a")));
        aws.failListing(TARGET_GROUP);

        CycleResult result = apply(List.of());

        assertThat(aws.writes()).containsExactly("delete ecs-service web");
        assertThat(result.resources()).filteredOn(r -> r.sync() == SyncState.ERROR).singleElement()
                .satisfies(r -> assertThat(r.retryable()).isTrue());
    }

    @Test
    void aFieldFixedAtCreationIsReplacedThroughATwinThenTheOldOneIsPruned() {
        ours(TARGETS, new Box("small", "b"));

        CycleResult planned = cycle(ReconcileOptions.planning(), List.of(TARGETS));
        assertThat(verbs(planned)).containsExactly("REPLACE web/target-group");
        assertThat(aws.writes()).isEmpty();

        CycleResult replacing = apply(List.of(TARGETS));
        assertThat(aws.writes()).containsExactly("create target-group shop-web-tg-next",
                "delete target-group shop-web-tg");
        assertThat(replacing.requeue()).contains(CycleResult.Requeue.REPLACEMENT_IN_PROGRESS);

        CycleResult next = apply(List.of(TARGETS));
        assertThat(aws.writes()).endsWith("create target-group shop-web-tg", "delete target-group shop-web-tg-next");
        assertThat(next.outOfSync()).isEmpty();
    }

    @Test
    void deletionsWaitWhileTheSpecHasNotSettled() {
        ALL.forEach(r -> ours(r, new Box("small", "a")));
        ReconcileOptions unsettled = ReconcileOptions.applying().withDeletions(NOW.plusSeconds(5), DeletionGuard.OFF,
                Set.of());

        CycleResult held = cycle(unsettled, List.of(CLUSTER, TARGETS));
        assertThat(aws.writes()).isEmpty();
        assertThat(syncById(held)).containsEntry("web/service", SyncState.PENDING_DELETION);
        assertThat(verbs(held)).containsExactly("HOLD web/service");

        CycleResult settled = cycle(unsettled, List.of(CLUSTER, TARGETS),
                Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));
        assertThat(aws.writes()).containsExactly("delete ecs-service web");
        assertThat(settled.outOfSync()).isEmpty();
    }

    @Test
    void aDeletionOverTheGuardWaitsForAConfirmationOfExactlyWhatItDeletes() {
        ALL.forEach(r -> ours(r, new Box("small", "a")));
        DeletionGuard guard = new DeletionGuard(true, 1, 0.5);
        ReconcileOptions guarded = ReconcileOptions.applying().withDeletions(null, guard, Set.of());

        Set<String> listed = pending(cycle(guarded, List.of(CLUSTER)));
        assertThat(listed).hasSize(2);
        assertThat(aws.writes()).isEmpty();

        ours(resource(ECR_REPOSITORY, "web/repository", "web"), new Box("small", "a"));
        Set<String> listedNow = pending(cycle(guarded.withDeletions(null, guard, listed), List.of(CLUSTER)));
        assertThat(aws.writes()).as("one more than was confirmed: asked again").isEmpty();
        assertThat(listedNow).hasSize(3).containsAll(listed);

        cycle(guarded.withDeletions(null, guard, listedNow), List.of(CLUSTER));
        assertThat(aws.writes()).containsExactly("delete ecs-service web", "delete target-group shop-web-tg",
                "delete ecr-repository web");
    }

    private static Set<String> pending(CycleResult result) {
        return result.resources().stream().filter(r -> r.sync() == SyncState.PENDING_DELETION)
                .map(ResourceStatus::identifier).collect(Collectors.toSet());
    }

    @Test
    void deletingAWholeApplicationAlwaysWaitsWhileTheGuardIsOn() {
        ours(CLUSTER, new Box("small", "a"));
        ReconcileOptions guarded = ReconcileOptions.applying().withDeletions(null, DeletionGuard.DEFAULT, Set.of());

        CycleResult held = cycle(guarded, List.of());

        assertThat(aws.writes()).isEmpty();
        assertThat(held.resources()).singleElement().satisfies(r -> {
            assertThat(r.sync()).isEqualTo(SyncState.PENDING_DELETION);
            assertThat(r.message()).contains("every resource of the application");
        });
    }

    @Test
    void anInterruptedCycleStopsAndPrunesNothing() {
        ours(resource(ECR_REPOSITORY, "old/repository", "old"), new Box("small", "a"));
        Thread.currentThread().interrupt();
        try {
            CycleResult result = apply(ALL);
            assertThat(result.resources()).isEmpty();
        } finally {
            Thread.interrupted();
        }
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void somethingStillProgressingAsksForAnEarlyLook() {
        ResourceStatus rolling = ResourceStatus.of(ECS_SERVICE, LogicalId.of("web/service"), "web", "arn",
                SyncState.SYNCED, null).withHealth(Health.PROGRESSING, "1 of 2 tasks");
        CycleResult result = new CycleResult(APP, NOW, Duration.ZERO, true, new Plan(APP, List.of()),
                List.of(rolling), Map.of());
        assertThat(result.requeue()).contains(CycleResult.Requeue.PROGRESSING);
    }
}
