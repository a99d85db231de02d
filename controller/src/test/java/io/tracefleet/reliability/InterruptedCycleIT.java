package io.tracefleet.reliability;

import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.resources.AwsFixture;
import io.tracefleet.resources.ResourceHandlers;
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

/**
 * A cycle whose thread is interrupted (the controller is stopping) stops where it is and never prunes: what it
 * did not get to observe may be in use, so deleting "what is not in use" after it could pull a resource from under
 * a service. Here the interrupted cycle is one whose desired state no longer names anything but the cluster, with
 * log groups to prune: it must make no call at all, and the next, uninterrupted cycle does the prune.
 */
@ExtendWith(MotoExtension.class)
class InterruptedCycleIT {
    private AwsFixture fixture;
    private ApplicationReconciler reconciler;
    private DesiredState clusterOnly;

    @BeforeEach
    void converged(LocalAws moto) {
        fixture = new AwsFixture(moto);
        reconciler = new ApplicationReconciler(fixture.aws, ResourceHandlers.all(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        DesiredState desired = fixture.seedOf(Set.of(ResourceKind.ECS_CLUSTER, ResourceKind.LOG_GROUP));
        assertThat(reconciler.reconcile(desired, ReconcileOptions.applying()).isSynced()).isTrue();
        clusterOnly = fixture.seedOf(Set.of(ResourceKind.ECS_CLUSTER));
    }

    @AfterEach
    void stop() {
        Thread.interrupted();
        fixture.close();
    }

    @Test
    void anInterruptedCycleStopsAndPrunesNothing() {
        ReconcileOptions pruningLogGroups = new ReconcileOptions(true, false, true, Map.of());
        CallLog.Mark mark = fixture.proxy.mark();

        Thread.currentThread().interrupt();
        CycleResult interrupted = reconciler.reconcile(clusterOnly, pruningLogGroups);
        boolean stillInterrupted = Thread.interrupted();

        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
        assertThat(fixture.proxy.callsSince(mark).total()).as("calls of the interrupted cycle").isZero();
        assertThat(interrupted.plan().actions()).isEmpty();
        assertThat(logGroups()).hasSize(2);

        CycleResult next = reconciler.reconcile(clusterOnly, pruningLogGroups);

        assertThat(next.plan().actions()).extracting(a -> a.verb() + " " + a.kind().label()).containsExactly(
                "DELETE log-group", "DELETE log-group");
        assertThat(logGroups()).isEmpty();
    }

    private List<String> logGroups() {
        return fixture.aws.logs().describeLogGroups().logGroups().stream().map(g -> g.logGroupName()).toList();
    }
}
