package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.reconcile.Action;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signals that must never delete: a specs directory that cannot be read, a file caught half-written, and a deletion
 * larger than the guard allows until a person confirms it. Run with the default settle period and guard.
 */
class SafeDestructionE2E extends E2EBase {
    private static final String TOKEN = "safe-destruction-token";

    @Override
    ConfigOverride[] configOverrides() {
        return new ConfigOverride[]{
                ConfigOverride.config("specSettle", "5s"),
                ConfigOverride.config("watchSpecs", "true"),
                ConfigOverride.config("apiToken", TOKEN)};
    }

    private void deleteOnRemoval() {
        editSpec(spec -> spec.replace("  tracing:\n", "  onDelete: delete\n  tracing:\n"));
    }

    private static List<String> deletes(CallLog calls) {
        return calls.writeCalls().stream().map(AwsCall::operation)
                .filter(op -> op.startsWith("Delete") || op.startsWith("Deregister")).toList();
    }

    @Test
    void aSpecsDirectoryMovedAwayForSecondsDeletesNothing() throws Exception {
        deleteOnRemoval();
        controller.passFor(APP);
        Path moved = specs.resolveSibling(specs.getFileName() + ".moved");
        CallLog.Mark mark = proxy.mark();

        Files.move(specs, moved);
        try {
            controller.pass();
            // The scenario: the directory stays away longer than the settle period.
            Thread.sleep(6_000);
            List<CycleResult> whileGone = controller.pass();
            assertThat(whileGone).extracting(CycleResult::application).containsExactly(APP);
            assertThat(get("/status").body()).contains("specsUnreadable").contains("nothing is removed");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + controller.adminPort() + "/healthcheck")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("the specs directory cannot be read");
        } finally {
            Files.move(moved, specs);
        }
        CycleResult back = controller.passFor(APP);

        assertThat(deletes(proxy.callsSince(mark))).isEmpty();
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(back.outOfSync()).isEmpty();
        assertThat(get("/status").body()).doesNotContain("specsUnreadable");
    }

    @ParameterizedTest(name = "a {0} ms gap between the two writes")
    @ValueSource(ints = {1_000, 2_000})
    void aFileWrittenInTwoStepsIsNotActedOnHalfWritten(int gapMillis) throws Exception {
        controller.passFor(APP);
        awaitSettled();
        String whole = Files.readString(specFile());
        int split = whole.indexOf("    service-a:\n");
        CallLog.Mark mark = proxy.mark();

        // cat part1 > spec; sleep; cat part2 >> spec
        Files.writeString(specFile(), whole.substring(0, split));
        CycleResult halfWritten = controller.passFor(APP);
        // The scenario: the second half is written this long after the first.
        Thread.sleep(gapMillis);
        Files.writeString(specFile(), whole.substring(split), StandardOpenOption.APPEND);
        controller.pass();
        awaitSettled();
        CallLog.Mark completed = proxy.mark();
        CycleResult whole1 = controller.passFor(APP);

        assertThat(halfWritten.resources()).as("the half-written file was acted on, and its deletions held")
                .filteredOn(r -> r.sync() == SyncState.PENDING_DELETION).isNotEmpty()
                .allSatisfy(r -> assertThat(r.message()).contains("settle"));
        assertThat(halfWritten.plan().actions()).extracting(Action::verb).containsOnly(Action.Verb.HOLD);
        assertThat(deletes(proxy.callsSince(mark))).isEmpty();
        assertThat(proxy.callsSince(completed).writes()).as("the completed file converges with no write").isZero();
        assertThat(whole1.outOfSync()).isEmpty();
    }

    @Test
    void anApplicationRemovedWithOnDeleteDeleteWaitsForConfirmationThenDeletesExactlyWhatWasListed()
            throws Exception {
        deleteOnRemoval();
        controller.passFor(APP);
        Files.delete(specFile());
        CallLog.Mark mark = proxy.mark();

        controller.pass();
        awaitSettled();
        CycleResult held = controller.passFor(APP);

        assertThat(deletes(proxy.callsSince(mark))).isEmpty();
        List<ResourceStatus> pending = held.resources().stream()
                .filter(r -> r.sync() == SyncState.PENDING_DELETION).toList();
        assertThat(pending).hasSize(16).allSatisfy(r -> assertThat(r.message()).contains("every resource"));
        assertThat(get("/status/" + APP).body()).contains("\"sync\":\"OutOfSync\"").contains("PendingDeletion");
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a", "service-b"))
                .services()).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));

        assertThat(post("/apps/" + APP + "/deletions/confirm", "wrong").statusCode()).isIn(401, 403);
        HttpResponse<String> confirmed = post("/apps/" + APP + "/deletions/confirm", TOKEN);
        assertThat(confirmed.statusCode()).isEqualTo(202);
        awaitNoPendingDeletion();

        assertThat(deletedIds(mark)).containsExactlyInAnyOrderElementsOf(pending.stream()
                .map(r -> r.id().value()).toList());
        assertThat(controller.wiring().status().state(APP)).as("retired: nothing of it is left to report").isEmpty();
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a", "service-b"))
                .services()).allSatisfy(s -> assertThat(s.status()).isNotEqualTo("ACTIVE"));
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(controller.pass()).as("retired; later passes leave it alone").isEmpty();
    }

    @Test
    void aDeletionOverTheGuardsCountWaitsAndTheConfirmationCoversExactlyThoseResources() throws Exception {
        restartWith(ConfigOverride.config("deletionGuard.maxDeletions", "3"));
        controller.passFor(APP);
        editSpec(spec -> spec.substring(0, spec.indexOf("    service-a:\n")));
        controller.pass();
        awaitSettled();
        CallLog.Mark mark = proxy.mark();

        CycleResult held = controller.passFor(APP);
        Set<String> listed = held.resources().stream().filter(r -> r.sync() == SyncState.PENDING_DELETION)
                .map(ResourceStatus::identifier).collect(Collectors.toSet());
        assertThat(listed).hasSize(6);
        assertThat(deletes(proxy.callsSince(mark))).isEmpty();
        assertThat(held.plan().toText()).contains("delete (held)").contains("more than the guard's 3");
        assertThat(post("/apps/" + APP + "/deletions/confirm", TOKEN).body()).contains(listed.iterator().next());

        awaitNoPendingDeletion();

        assertThat(deletedIds(mark)).containsExactlyInAnyOrderElementsOf(held.resources().stream()
                .filter(r -> r.sync() == SyncState.PENDING_DELETION).map(r -> r.id().value()).toList());
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).extracting(lb -> lb.loadBalancerName())
                .containsExactly("xray-fargate-b-alb");
        assertThat(post("/apps/" + APP + "/deletions/confirm", TOKEN).statusCode())
                .as("nothing waits any more").isEqualTo(409);
    }

    /** The confirmation queues a cycle of its own; waits until the controller reports nothing held. */
    private void awaitNoPendingDeletion() {
        await().atMost(Duration.ofMinutes(2)).until(() -> controller.wiring().status().latest(APP)
                .map(result -> result.resources().stream().noneMatch(r -> r.sync() == SyncState.PENDING_DELETION))
                .orElse(true));
    }

    /** Until every spec file has been read unchanged for the settle period. */
    private void awaitSettled() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> controller.wiring().reconciler().specs().nextSettle().isEmpty());
    }

    /** The logical ids of the resources deleted since the mark, from the controller's events. */
    private List<String> deletedIds(CallLog.Mark mark) {
        assertThat(deletes(proxy.callsSince(mark))).isNotEmpty();
        return controller.wiring().status().events().since(null).stream()
                .filter(e -> e.type() == io.tracefleet.status.Event.Type.ACTION && e.application().equals(APP)
                        && e.reason().equals("delete"))
                .map(io.tracefleet.status.Event::resource).toList();
    }

    private void restartWith(ConfigOverride extra) {
        controller.close();
        ConfigOverride[] base = configOverrides();
        ConfigOverride[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = extra;
        controller = new RunningController(proxy.endpoint(), specs, all);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + controller.localPort() + path);
    }
}
