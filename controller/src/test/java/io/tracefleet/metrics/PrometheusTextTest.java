package io.tracefleet.metrics;

import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.Plan;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.status.StatusStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void resourcesAreCountedBySyncAndHealthAndDriftPerApplication() {
        StatusStore status = new StatusStore();
        status.record(new CycleResult("shop", Instant.parse("2026-12-01T07:00:00Z"), Duration.ofMillis(1500), true,
                new Plan("shop", List.of()), List.of(
                new ResourceStatus(ResourceKind.ECS_CLUSTER, LogicalId.of("cluster"), "shop", "arn", SyncState.SYNCED,
                        List.of(), null),
                new ResourceStatus(ResourceKind.ECS_SERVICE, LogicalId.of("web/service"), "web", "arn",
                        SyncState.OUT_OF_SYNC, List.of(new Drift("desiredCount", "1", "3")), "drifted")), Map.of()));

        String text = new PrometheusText(new AwsCallLog(), status).render();

        assertThat(text).contains("# TYPE tracefleet_resources gauge\n")
                .contains("tracefleet_resources{application=\"shop\",sync=\"synced\",health=\"healthy\"} 1\n")
                .contains("tracefleet_resources{application=\"shop\",sync=\"out_of_sync\",health=\"healthy\"} 1\n")
                .contains("tracefleet_drift_resources{application=\"shop\"} 1\n")
                .contains("tracefleet_cycle_duration_seconds{application=\"shop\"} 1.5\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(PrometheusText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }
}
