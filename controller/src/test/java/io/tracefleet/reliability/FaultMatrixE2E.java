package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.e2e.RunningController;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.spec.model.TracedApplication;
import io.tracefleet.status.StatusStore;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix: a spec converged from empty by the whole controller while the proxy throttles, fails, delays,
 * drops, lags or moto is wiped, one scenario at a time, each on a fresh moto with unowned look-alikes seeded
 * first. After the faults stop, every scenario must reach the same end: converged within
 * {@link #PASSES_AFTER_FAULTS} passes, a pass after that writing nothing, no duplicate and no leak among the
 * resources carrying the application's tags, every look-alike as it was and never named by a write, and no more
 * task definition revisions than real changes. Each scenario adds a line to the summary table.
 *
 * <p>By default it runs the example under the three scenarios that matter most (the combination, the recovering
 * dependency, the wipe); {@code -Dtracefleet.full=true} runs every scenario on the example and on a generated
 * 20-service spec. {@code -Dgroups=fault-matrix} (tag {@code fault-matrix}) runs this suite alone.
 */
@Tag("fault-matrix")
@ExtendWith(MotoExtension.class)
class FaultMatrixE2E {
    /** One pass repairs what the faults left; a second may be needed for what a lagging read hid from the first. */
    private static final int PASSES_AFTER_FAULTS = 3;
    /** Passes at most before a mid-run wipe, to converge first; with faults in force they may not. */
    private static final int PASSES_BEFORE_WIPE = 6;
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    /** The one call that makes each kind of resource. */
    private static final java.util.Set<String> CREATES = java.util.Set.of("CreateCluster", "CreateRole",
            "CreateSecurityGroup", "CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule",
            "CreateLogGroup", "CreateRepository", "RegisterTaskDefinition", "CreateService");

    record SpecUnderTest(String label, String fileName, String yaml) {
    }

    @TempDir
    Path root;
    private final List<MatrixRow> rows = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> faultMatrix(LocalAws localAws) throws IOException {
        boolean full = Boolean.getBoolean("tracefleet.full");
        List<SpecUnderTest> specs = new ArrayList<>(List.of(
                new SpecUnderTest("example", "xray-demo.yaml", Files.readString(EXAMPLE))));
        if (full) {
            specs.add(new SpecUnderTest("20 services", "fleet20.yaml", FleetSpec.yaml("fleet20", 20)));
        }
        // -Dtracefleet.faultMatrix.only=lag,reset replays the scenarios whose name contains "lag" or "reset"
        // (their seeds are fixed).
        List<String> only = List.of(System.getProperty("tracefleet.faultMatrix.only", "").split(",")).stream()
                .filter(s -> !s.isBlank()).toList();
        List<FaultScenario> scenarios = FaultScenario.all().stream()
                .filter(s -> only.isEmpty() ? full || s.inDefaultRun() : only.stream().anyMatch(s.name()::contains))
                .toList();
        MatrixRow.startTable("fault matrix, " + (full ? "full" : "default") + " set");
        List<DynamicTest> tests = new ArrayList<>();
        for (SpecUnderTest spec : specs) {
            for (FaultScenario scenario : scenarios) {
                tests.add(DynamicTest.dynamicTest(spec.label() + ": " + scenario.name(),
                        () -> run(localAws, spec, scenario)));
            }
        }
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            System.out.println("FaultMatrixE2E summary:\n" + MatrixRow.header() + "\n"
                    + String.join("\n", rows.stream().map(MatrixRow::line).toList()));
            assertThat(rows).as("scenarios that got as far as their figures").hasSize(tests.size() - 1);
        }));
        return tests.stream();
    }

    private void run(LocalAws localAws, SpecUnderTest spec, FaultScenario scenario) throws IOException {
        localAws.reset();
        Path specs = Files.createDirectories(root.resolve("specs-" + rows.size() + "-" + System.nanoTime()));
        Files.writeString(specs.resolve(spec.fileName()), spec.yaml());
        DesiredState desired = desiredState(specs);
        String app = desired.application();
        long seed = scenario.name().hashCode();
        try (AwsClients moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(),
                Region.of(desired.region())));
             AwsProxy proxy = AwsProxy.start(service -> localAws.endpoint(), seed)) {
            List<Lookalikes> seeded = new ArrayList<>(List.of(Lookalikes.seed(moto, desired)));
            Map<String, String> lookalikesBefore = seeded.get(0).state(moto);
            scenario.inject().accept(proxy);
            long started = System.nanoTime();
            RunningController controller = new RunningController(proxy.endpoint(), specs);
            try {
                StatusStore status = controller.wiring().status();
                passUntil(controller, status, scenario.faultyPasses());
                int wipes = 0;
                if (scenario.resetMidRun()) {
                    // Under heavy faults few passes go without one failed call, so the wipe may come mid-converge.
                    CycleResult beforeWipe = passUntilSynced(controller, app, PASSES_BEFORE_WIPE);
                    if (scenario.faultyPasses() == 0) {
                        assertThat(beforeWipe.outOfSync()).as("converged before the wipe").isEmpty();
                    }
                    localAws.reset();
                    wipes++;
                    seeded.add(Lookalikes.seed(moto, desired));
                    lookalikesBefore = seeded.get(seeded.size() - 1).state(moto);
                    passUntil(controller, status, status.passesCompleted() + scenario.faultyPasses());
                }
                long passesUnderFaults = status.passesCompleted();
                proxy.clearFaults();
                proxy.lag().window(Duration.ZERO).revealAll();

                CycleResult converged = passUntilSynced(controller, app, PASSES_AFTER_FAULTS);
                long passesToConverge = status.passesCompleted();
                double seconds = (System.nanoTime() - started) / 1e9;
                CallLog calls = proxy.calls();
                CallLog.Mark idleMark = proxy.mark();
                CycleResult idle = controller.passFor(app);
                List<AwsCall> idleWrites = proxy.callsSince(idleMark).writeCalls();

                OwnedInventory inventory = OwnedInventory.of(moto, app);
                List<String> duplicates = inventory.duplicates();
                List<OwnedInventory.Owned> leaks = inventory.leaks(desired);
                Map<String, String> lookalikesSeeded = lookalikesBefore;
                Map<String, String> lookalikesAfter = seeded.get(seeded.size() - 1).state(moto);
                Map<String, List<AwsCall>> writesNamingLookalikes = writesNaming(proxy, seeded);
                int touched = (int) lookalikesSeeded.keySet().stream()
                        .filter(k -> !lookalikesSeeded.get(k).equals(lookalikesAfter.get(k))).count()
                        + writesNamingLookalikes.size();
                long registrations = calls.of("ecs", "RegisterTaskDefinition").stream()
                        .filter(FaultMatrixE2E::tookEffect).count();
                int families = desired.ofKind(ResourceKind.TASK_DEFINITION).size();
                long creates = calls.calls().stream().filter(FaultMatrixE2E::tookEffect)
                        .filter(c -> CREATES.contains(c.operation())).count();
                long repeatedCreates = creates - (long) desired.resources().size() * (1 + wipes);
                MatrixRow row = new MatrixRow(spec.label(), scenario.name(), passesUnderFaults, passesToConverge,
                        calls.total(), calls.faulted(), retries(controller.wiring().calls()), registrations, families,
                        repeatedCreates, duplicates.size(), leaks.size(), touched, seconds);
                rows.add(row);
                System.out.println("FaultMatrixE2E (seed " + seed + "): " + row.line());
                MatrixRow.append(row.line() + "\n");

                SoftAssertions soft = new SoftAssertions();
                soft.assertThat(converged.outOfSync()).as("out of sync %d passes after the faults stopped",
                        PASSES_AFTER_FAULTS).isEmpty();
                soft.assertThat(idle.outOfSync()).as("out of sync in the pass after").isEmpty();
                soft.assertThat(idleWrites).as("writes of the pass after converging").isEmpty();
                soft.assertThat(inventory.missing(desired)).as("desired resources missing").isEmpty();
                soft.assertThat(duplicates).as("duplicates").isEmpty();
                soft.assertThat(leaks).as("leaked resources").isEmpty();
                soft.assertThat(lookalikesAfter).as("look-alikes").isEqualTo(lookalikesSeeded);
                soft.assertThat(writesNamingLookalikes).as("writes naming a look-alike").isEmpty();
                soft.assertThat(registrations).as("task definitions registered (%d families, %d wipes)", families,
                        wipes).isLessThanOrEqualTo((long) families * (1 + wipes));
                soft.assertAll();
            } finally {
                controller.close();
            }
        }
    }

    private static DesiredState desiredState(Path specs) {
        SpecsInForce.Refresh loaded = new SpecsInForce(specs).refresh();
        assertThat(loaded.errors()).as("errors in the spec under test").isEmpty();
        assertThat(loaded.applications()).hasSize(1);
        TracedApplication application = loaded.applications().get(0);
        return DesiredStateBuilder.build(application);
    }

    /** Passes until {@code passes} have completed since the start, whoever ran them. */
    private static void passUntil(RunningController controller, StatusStore status, long passes) {
        while (status.passesCompleted() < passes) {
            controller.pass();
        }
    }

    private static CycleResult passUntilSynced(RunningController controller, String app, int limit) {
        CycleResult result = null;
        for (int pass = 1; pass <= limit; pass++) {
            result = controller.passFor(app);
            if (result.outOfSync().isEmpty()) {
                return result;
            }
        }
        return result;
    }

    /** By look-alike, the writes whose request names it (by name, id or ARN); only look-alikes with any. */
    private static Map<String, List<AwsCall>> writesNaming(AwsProxy proxy, List<Lookalikes> seeded) {
        Map<String, List<AwsCall>> named = new LinkedHashMap<>();
        for (Lookalikes lookalikes : seeded) {
            for (Lookalikes.Lookalike l : lookalikes.all()) {
                List<AwsCall> writes = new ArrayList<>(proxy.writesNaming(l.name()));
                if (!l.identifier().equals(l.name())) {
                    proxy.writesNaming(l.identifier()).stream().filter(c -> !writes.contains(c)).forEach(writes::add);
                }
                if (!writes.isEmpty()) {
                    named.put(l.kind() + " " + l.name(), writes);
                }
            }
        }
        return named;
    }

    /** Answered with success, or forwarded to AWS with the answer lost on the way back. */
    private static boolean tookEffect(AwsCall call) {
        return call.succeeded() || call.fault().filter("answer-lost"::equals).isPresent();
    }

    private static long retries(AwsCallLog log) {
        long attempts = log.attempts().values().stream().mapToLong(Long::longValue).sum();
        long calls = log.counts().values().stream().mapToLong(Long::longValue).sum();
        return attempts - calls;
    }
}
