package io.tracefleet.reconcile;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Drift;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeLogTest {
    private static final Action UPDATE = new Action(Action.Verb.UPDATE, ResourceKind.ECS_SERVICE,
            LogicalId.of("web/service"), "web", List.of(new Drift("desiredCount", "1", "3")), null);
    private static final Action CREATE = Action.of(Action.Verb.CREATE, ResourceKind.LOG_GROUP, LogicalId.of("web/logs"),
            "/ecs/web");

    @Test
    void anAppliedChangeIsMarkedWithWhenAndOneThatFailedIsNot() {
        String text = ChangeLog.applied(new Plan("shop", List.of(
                UPDATE.madeAt(Instant.parse("2026-12-03T10:00:01.250Z")), CREATE)));

        assertThat(text).isEqualTo("""
                shop: 2 changes, applying:
                  [applied 10:00:01.250] ~   update web/service (ecs-service web)
                        desiredCount: 3 -> 1
                  [not made, see its status] +   create web/logs (log-group /ecs/web)""");
    }

    @Test
    void anObservedOnlyChangeNeverReadsLikeAnAppliedOne() {
        String text = ChangeLog.observedOnly(new Plan("shop", List.of(UPDATE)), "paused");

        assertThat(text).startsWith("shop: 1 change found, observed only, nothing changed (paused):\n")
                .contains("[observed only] ~   update web/service").doesNotContain("applied");
    }
}
