package io.tracefleet.reconcile;

import io.tracefleet.diff.Health;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CycleResultRequeueTest {

    private static CycleResult cycle(ResourceStatus... resources) {
        return new CycleResult("shop", Instant.parse("2026-12-03T10:00:00Z"), Duration.ofMillis(100), true,
                new Plan("shop", List.of()), List.of(resources), Map.of());
    }

    private static ResourceStatus status(SyncState sync, boolean retryable) {
        return new ResourceStatus(ResourceKind.TARGET_GROUP, LogicalId.of("web/target-group"), "web-tg", "arn:tg",
                sync, List.of(), "", retryable);
    }

    @Test
    void aSettledApplicationWaitsForTheResync() {
        assertThat(cycle(status(SyncState.SYNCED, false), status(SyncState.ORPHANED, false)).requeue()).isEmpty();
    }

    @Test
    void aRetryableErrorIsRequeuedAndATerminalOneIsNot() {
        assertThat(cycle(status(SyncState.ERROR, true)).requeue()).contains(CycleResult.Requeue.RETRYABLE_ERROR);
        assertThat(cycle(status(SyncState.ERROR, false)).requeue()).as("only a spec change helps").isEmpty();
    }

    @Test
    void aTwinStandingInForAReplacementIsRequeued() {
        assertThat(cycle(status(SyncState.OUT_OF_SYNC, true)).requeue())
                .contains(CycleResult.Requeue.REPLACEMENT_IN_PROGRESS);
        assertThat(cycle(status(SyncState.OUT_OF_SYNC, false)).requeue()).as("drift under selfHeal: false").isEmpty();
    }

    @Test
    void somethingStillMovingIsRequeued() {
        ResourceStatus rolling = status(SyncState.SYNCED, false).withHealth(Health.PROGRESSING, "1 of 2 tasks");
        assertThat(cycle(rolling).requeue()).contains(CycleResult.Requeue.PROGRESSING);
    }

    @Test
    void anErrorWinsOverProgress() {
        ResourceStatus rolling = status(SyncState.SYNCED, false).withHealth(Health.PROGRESSING, null);
        assertThat(cycle(rolling, status(SyncState.ERROR, true)).requeue())
                .contains(CycleResult.Requeue.RETRYABLE_ERROR);
    }
}
