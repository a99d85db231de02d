package io.tracefleet.resources;

import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconcile cycle end to end on the two simplest kinds: create, no-op, drift, heal, conflict, prune. */
@ExtendWith(MotoExtension.class)
class ClusterAndLogGroupIT {
    private AwsFixture fixture;
    private ApplicationReconciler reconciler;
    private DesiredState desired;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        reconciler = new ApplicationReconciler(fixture.aws, ResourceHandlers.all(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        desired = fixture.seedOf(Set.of(ResourceKind.ECS_CLUSTER, ResourceKind.LOG_GROUP));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Map<String, SyncState> syncOf(CycleResult result) {
        return result.resources().stream().collect(java.util.stream.Collectors.toMap(r -> r.id().value(),
                ResourceStatus::sync));
    }

    @Test
    void createsThenMakesNoWriteOnTheNextCycle() {
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.plan().actions()).extracting(a -> a.verb() + " " + a.id()).containsExactly(
                "CREATE cluster", "CREATE service-b/log-group", "CREATE service-a/log-group");
        assertThat(first.isSynced()).isTrue();
        assertThat(fixture.aws.ecs().describeClusters(r -> r.clusters("xray-fargate")).clusters())
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(second.plan().isEmpty()).isTrue();
        assertThat(syncOf(second)).containsOnlyKeys("cluster", "service-b/log-group", "service-a/log-group")
                .allSatisfy((id, sync) -> assertThat(sync).isEqualTo(SyncState.SYNCED));
        assertThat(fixture.proxy.callsSince(mark).writes()).as("an idle cycle writes nothing").isZero();
        assertThat(fixture.proxy.callsSince(mark).reads()).isPositive();
    }

    @Test
    void retentionDriftIsReportedWithItsPathAndHealed() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        fixture.aws.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/service-b").retentionInDays(7));
        // The example leaves retention alone, so set it in a desired state that manages it.
        DesiredState managing = withRetention(desired, "service-b/log-group", 30);

        CycleResult planned = reconciler.reconcile(managing, ReconcileOptions.planning());
        assertThat(planned.outOfSync()).singleElement().satisfies(status -> {
            assertThat(status.id().value()).isEqualTo("service-b/log-group");
            assertThat(status.drift()).extracting(Object::toString).containsExactly("retentionDays: want 30, have 7");
        });

        CycleResult healed = reconciler.reconcile(managing, ReconcileOptions.applying());
        assertThat(healed.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("UPDATE service-b/log-group");
        assertThat(fixture.aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/service-b")).logGroups()
                .get(0).retentionInDays()).isEqualTo(30);
    }

    @Test
    void anUnownedClusterWithTheNameIsAConflictAndIsNotTouched() {
        fixture.aws.ecs().createCluster(r -> r.clusterName("xray-fargate"));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(syncOf(result)).containsEntry("cluster", SyncState.CONFLICT);
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "TagResource")).isZero();
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "DeleteCluster")).isZero();

        CycleResult adopted = reconciler.reconcile(desired, new ReconcileOptions(true, true, false, Map.of()));
        assertThat(syncOf(adopted)).containsEntry("cluster", SyncState.SYNCED);
        assertThat(fixture.aws.ecs().listTagsForResource(r -> r.resourceArn(result.resources().get(0).identifier()))
                .tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("tracefleet.io/managed-by"));
    }

    @Test
    void aLogGroupTheSpecDropsIsKeptAsOrphanedUnlessPruningLogGroups() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        DesiredState withoutA = new DesiredState(desired.application(), desired.region(), desired.resources()
                .stream().filter(r -> !r.id().value().startsWith("service-a/")).toList());

        CycleResult kept = reconciler.reconcile(withoutA, ReconcileOptions.applying());
        assertThat(syncOf(kept)).containsEntry("service-a/log-group", SyncState.ORPHANED);
        assertThat(logGroups()).contains("/ecs/service-a");

        CycleResult pruned = reconciler.reconcile(withoutA, new ReconcileOptions(true, false, true, Map.of()));
        assertThat(pruned.plan().actions()).extracting(a -> a.verb() + " " + a.physicalName())
                .containsExactly("DELETE /ecs/service-a");
        assertThat(logGroups()).containsExactly("/ecs/service-b");
    }

    @Test
    void anIdleCycleReadsNoLogGroupTags() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult idle = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(fixture.proxy.callsSince(mark).count("logs", "ListTagsForResource")).isZero();
        assertThat(fixture.proxy.callsSince(mark).count("logs", "DescribeLogGroups")).isEqualTo(1);
        assertThat(idle.resources()).filteredOn(r -> r.kind() == ResourceKind.LOG_GROUP).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.sync()).isEqualTo(SyncState.SYNCED);
                    assertThat(r.message()).isEqualTo(ApplicationReconciler.UNVERIFIED_OWNERSHIP);
                });
    }

    @Test
    void anUnownedLookAlikeLogGroupIsAConflictOnceItNeedsAWriteAndIsNeverWritten() {
        fixture.aws.logs().createLogGroup(r -> r.logGroupName("/ecs/service-b"));

        CycleResult alike = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(syncOf(alike)).as("the same settings: nothing to write, so ownership decides nothing")
                .containsEntry("service-b/log-group", SyncState.SYNCED);

        DesiredState managing = withRetention(desired, "service-b/log-group", 30);
        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult result = reconciler.reconcile(managing, ReconcileOptions.applying());

        assertThat(syncOf(result)).containsEntry("service-b/log-group", SyncState.CONFLICT);
        assertThat(fixture.proxy.callsSince(mark).count("logs", "ListTagsForResource")).isEqualTo(1);
        assertThat(fixture.proxy.callsSince(mark).writes()).as("neither retention nor tags").isZero();
        assertThat(fixture.aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/service-b")).logGroups()
                .get(0).retentionInDays()).isNull();
    }

    private List<String> logGroups() {
        return fixture.aws.logs().describeLogGroups().logGroups().stream()
                .map(software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup::logGroupName).toList();
    }

    private static DesiredState withRetention(DesiredState state, String id, int days) {
        return new DesiredState(state.application(), state.region(), state.resources().stream()
                .map(r -> !r.id().equals(LogicalId.of(id)) ? r : new io.tracefleet.desired.DesiredResource(r.kind(),
                        r.id(), r.physicalName(), new io.tracefleet.desired.LogGroupProperties(days), r.tags(),
                        r.dependsOn()))
                .toList());
    }
}
