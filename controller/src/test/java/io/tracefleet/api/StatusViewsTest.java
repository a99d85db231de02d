package io.tracefleet.api;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewsTest {

    private static ResourceStatus of(SyncState sync) {
        return new ResourceStatus(ResourceKind.LOG_GROUP, LogicalId.of("x/" + sync), "n", null, sync, List.of(), null);
    }

    @Test
    void somethingObservedDifferentIsOutOfSyncEvenBesideAnError() {
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED), of(SyncState.ERROR), of(SyncState.MISSING))))
                .isEqualTo("OutOfSync");
        assertThat(StatusViews.sync(List.of(of(SyncState.CONFLICT)))).isEqualTo("OutOfSync");
    }

    @Test
    void whatCouldNotBeObservedIsUnknownNotSynced() {
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED), of(SyncState.BLOCKED)))).isEqualTo("Unknown");
        assertThat(StatusViews.sync(List.of())).isEqualTo("Unknown");
    }

    @Test
    void anInvalidSpecFileIsNeverSyncedButDriftStillShowsAsOutOfSync() {
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED)), false)).isEqualTo("Unknown");
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED)), true)).isEqualTo("Synced");
        assertThat(StatusViews.sync(List.of(of(SyncState.OUT_OF_SYNC)), false)).isEqualTo("OutOfSync");
    }

    @Test
    void orphansDoNotMakeAnApplicationOutOfSync() {
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED), of(SyncState.ORPHANED)))).isEqualTo("Synced");
        assertThat(StatusViews.isDrift(of(SyncState.ORPHANED))).isFalse();
        assertThat(StatusViews.isDrift(of(SyncState.MISSING))).isTrue();
    }

    @Test
    void aDesiredResourceThatIsUnprovenIsOutOfSyncButWhatIsFoundBesideTheSpecIsNot() {
        ResourceStatus desiredButUnproven = of(SyncState.UNPROVEN);
        ResourceStatus claimedBeside = new ResourceStatus(ResourceKind.LOAD_BALANCER,
                LogicalId.of("unproven/load-balancer/forged-alb"), "forged-alb", "arn", SyncState.UNPROVEN, List.of(),
                "carries Tracefleet's tags but no ownership proof");
        ResourceStatus someoneElsesRule = new ResourceStatus(ResourceKind.LISTENER_RULE,
                LogicalId.of("unmanaged/listener-rule/shop-alb:80 priority 3"), "shop-alb:80 priority 3", "arn",
                SyncState.UNMANAGED, List.of(), "left alone");

        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED), desiredButUnproven))).isEqualTo("OutOfSync");
        assertThat(StatusViews.isDrift(desiredButUnproven)).isTrue();
        assertThat(StatusViews.sync(List.of(of(SyncState.SYNCED), claimedBeside, someoneElsesRule)))
                .isEqualTo("Synced");
        assertThat(StatusViews.isDrift(claimedBeside)).isFalse();
        assertThat(StatusViews.isDrift(someoneElsesRule)).isFalse();
        assertThat(StatusViews.label(SyncState.UNPROVEN)).isEqualTo("Unproven");
        assertThat(StatusViews.label(SyncState.UNMANAGED)).isEqualTo("Unmanaged");
    }

    @Test
    void statesAreSpelledTheWayArgoCdUsersReadThem() {
        assertThat(StatusViews.label(SyncState.OUT_OF_SYNC)).isEqualTo("OutOfSync");
        assertThat(StatusViews.label(SyncState.SYNCED)).isEqualTo("Synced");
    }
}
