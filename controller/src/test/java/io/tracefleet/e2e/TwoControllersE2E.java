package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two controllers on one account (one moto, through the proxy), with leader election on a DynamoDB lease: only the
 * holder writes, the other observes and reports, and a leader that stops hands over.
 */
class TwoControllersE2E extends E2EBase {
    private static final Duration LEASE = TEST_LEASE;
    private RunningController second;

    @Override
    ConfigOverride[] configOverrides() {
        return withIdentity("first");
    }

    private static ConfigOverride[] withIdentity(String identity) {
        return leaseSettings(identity, true);
    }

    @AfterEach
    void stopSecond() {
        if (second != null && second != controller) {
            second.close();
        }
    }

    /** What reached AWS's managed services, leaving out the lease's own DynamoDB calls. */
    private List<String> writes(CallLog.Mark mark) {
        return proxy.callsSince(mark).writeCalls().stream().filter(c -> !c.service().equals("dynamodb"))
                .map(AwsCall::operation).toList();
    }

    private static boolean holdsLease(RunningController c) {
        return c.wiring().reconciler().lease().heldFor(APP);
    }

    @Test
    void onlyTheLeaseHolderWritesAndTheOtherObservesAndReports() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> holdsLease(controller));
        assertThat(controller.passFor(APP).outOfSync()).as("the leader converged").isEmpty();
        // The check every write makes before it leaves (the fence asks exactly this), on the leader's real leases.
        io.tracefleet.reconcile.WriteLease lease = controller.wiring().reconciler().lease();
        int checks = 1_000_000;
        boolean all = true;
        long started = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            all &= lease.heldFor(APP);
        }
        long perCheck = (System.nanoTime() - started) / checks;
        System.out.printf("TwoControllersE2E: the lease check a write makes took %d ns on average over %d checks%n",
                perCheck, checks);
        assertThat(all).as("held throughout").isTrue();
        second = new RunningController(proxy.endpoint(), specs, withIdentity("second"));
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        CallLog.Mark mark = proxy.mark();

        CycleResult observed = second.passFor(APP);

        assertThat(holdsLease(second)).isFalse();
        assertThat(observed.applied()).isFalse();
        assertThat(byId(observed).get("service-b/service").sync()).as("the follower reports the drift")
                .isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(writes(mark)).as("the follower writes nothing").isEmpty();
        assertThat(status(second)).contains("follower: second");

        CycleResult healed = controller.passFor(APP);

        assertThat(healed.applied()).isTrue();
        assertThat(writes(mark)).containsExactly("UpdateService");
        assertThat(status(controller)).contains("leader: first");
        assertThat(proxy.calls().count("elasticloadbalancing", "CreateLoadBalancer"))
                .as("one create per load balancer over the whole run").isEqualTo(2);
        assertThat(proxy.calls().count("ecs", "CreateService")).isEqualTo(2);
    }

    @Test
    void aLeaderThatStopsHandsOverAndTheFollowerThenHealsDrift() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> holdsLease(controller));
        controller.passFor(APP);
        second = new RunningController(proxy.endpoint(), specs, withIdentity("second"));
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        CallLog.Mark mark = proxy.mark();

        assertThat(byId(second.passFor(APP)).get("service-b/service").sync()).isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(writes(mark)).isEmpty();

        long stopped = System.nanoTime();
        controller.close();
        controller = second;
        await().atMost(LEASE.multipliedBy(3)).until(() -> holdsLease(second));
        long handover = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("TwoControllersE2E: handover after a clean stop took " + handover + " ms");

        second.passFor(APP);
        assertThat(writes(mark)).containsExactly("UpdateService");
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services()
                .get(0).desiredCount()).isEqualTo(1);
    }

    @Test
    void aLeaderCutOffFromDynamoDbStopsWritingBeforeItsLeaseCouldPassOn() {
        await().atMost(Duration.ofSeconds(30)).until(() -> holdsLease(controller));
        controller.passFor(APP);
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));

        long cut = System.nanoTime();
        proxy.inject(io.tracefleet.testing.FaultRule.on("dynamodb", "*",
                io.tracefleet.testing.Fault.serverError(500)));
        await().atMost(LEASE).until(() -> !holdsLease(controller));
        long stoppedWriting = (System.nanoTime() - cut) / 1_000_000;
        System.out.println("TwoControllersE2E: cut off from DynamoDB, the leader stopped writing after "
                + stoppedWriting + " ms (lease " + LEASE.toMillis() + " ms, write margin 2000 ms)");
        CallLog.Mark mark = proxy.mark();

        CycleResult cutOff = controller.passFor(APP);

        assertThat(stoppedWriting).as("before the lease, as the holder last renewed it, could pass on")
                .isLessThan(LEASE.toMillis());
        assertThat(cutOff.applied()).isFalse();
        assertThat(writes(mark)).isEmpty();
        proxy.clearFaults();
    }

    private static String status(RunningController c) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + c.localPort() + "/status")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
