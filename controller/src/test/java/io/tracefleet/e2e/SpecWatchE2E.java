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
        // The controller's first pass starts by itself at start-up; the edit waits until it has ended.
        await().atMost(Duration.ofMinutes(2)).until(() -> controller.wiring().status().latest(APP).isPresent());
        assertThat(desiredCountOfServiceB()).isEqualTo(1);

        editSpec(spec -> spec.replaceFirst("(?s)(service-b:.*?)desiredCount: 1", "$1desiredCount: 2"));

        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> desiredCountOfServiceB() == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the edit was not applied; the last cycle: " + controller.wiring().status()
                    .latest(APP).map(r -> r.startedAt() + "\n" + r.plan().toText() + r.outOfSync()).orElse("none"), e);
        }
    }
}
