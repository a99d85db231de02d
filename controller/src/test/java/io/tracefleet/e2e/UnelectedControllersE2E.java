package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.reconcile.LeaseReport;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two controllers on one account with leader election off, as a second copy run by hand would be: each renews a
 * heartbeat in the lease table, and once either sees the other, neither writes, and both say why.
 */
class UnelectedControllersE2E extends E2EBase {
    private RunningController second;

    @Override
    ConfigOverride[] configOverrides() {
        return unelected("first");
    }

    private static ConfigOverride[] unelected(String identity) {
        return leaseSettings(identity, false, ConfigOverride.config("leaderElection.watchWhenOff", "always"));
    }

    @AfterEach
    void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    private List<String> writes(CallLog.Mark mark) {
        return proxy.callsSince(mark).writeCalls().stream().filter(c -> !c.service().equals("dynamodb"))
                .map(AwsCall::operation).toList();
    }

    private static LeaseReport report(RunningController c) {
        return c.wiring().reconciler().lease().report().orElseThrow();
    }

    @Test
    void aSecondUnelectedControllerIsSeenAndNeitherWritesUntilItIsGone() {
        assertThat(controller.passFor(APP).outOfSync()).as("alone, it writes").isEmpty();
        assertThat(report(controller).role()).isEqualTo("unelected");
        assertThat(report(controller).warning()).isNull();

        second = new RunningController(proxy.endpoint(), specs, unelected("second"));
        await().atMost(Duration.ofSeconds(20)).until(() -> report(controller).warning() != null
                && report(second).warning() != null);
        assertThat(report(controller).warning()).contains("another controller writes to this account")
                .contains("second");
        assertThat(controller.wiring().reconciler().lease().describe()).startsWith("unelected: first writes nothing");
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        CallLog.Mark mark = proxy.mark();

        controller.passFor(APP);
        second.passFor(APP);

        assertThat(writes(mark)).as("neither fights the other").isEmpty();

        second.close();
        second = null;
        await().atMost(Duration.ofSeconds(20)).until(() -> report(controller).warning() == null);
        controller.passFor(APP);
        assertThat(writes(mark)).as("alone again, it heals").containsExactly("UpdateService");
    }
}
