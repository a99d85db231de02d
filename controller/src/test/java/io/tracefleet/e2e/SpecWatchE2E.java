package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the specs directory watched, as in production, an edit is applied without anyone asking for a pass. */
class SpecWatchE2E extends E2EBase {

    @Override
    ConfigOverride[] configOverrides() {
        return new ConfigOverride[]{ConfigOverride.config("watchSpecs", "true")};
    }

    private int desiredCountOfServiceB() {
        return moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services().stream()
                .findFirst().map(s -> s.desiredCount()).orElse(-1);
    }

    @Test
    void aSpecEditIsAppliedByTheWatcherAlone() {
        // The controller's first pass starts by itself at start-up; until it has made the cluster, describes fail.
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> desiredCountOfServiceB() == 1);

        editSpec(spec -> spec.replaceFirst("(?s)(service-b:.*?)desiredCount: 1", "$1desiredCount: 2"));

        await().atMost(Duration.ofMinutes(2)).until(() -> desiredCountOfServiceB() == 2);
        assertThat(controller.wiring().status().latest(APP)).hasValueSatisfying(r ->
                assertThat(r.isSynced()).isTrue());
    }
}
