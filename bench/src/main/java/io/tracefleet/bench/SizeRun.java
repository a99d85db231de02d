package io.tracefleet.bench;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.local.LocalAws;
import io.tracefleet.local.LocalAwsSettings;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.AwsProxy;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Everything measured at one N, on a fresh moto: converge, idle, drift, one edit, memory. */
final class SizeRun {
    private static final int MAX_CONVERGE_PASSES = 5;
    private static final String DRIFTED = SpecGenerator.service(1);

    private final int services;
    private final Instant deadline;

    SizeRun(int services, Instant deadline) {
        this.services = services;
        this.deadline = deadline;
    }

    /**
     * @param converge  passes from empty until one reports everything synced
     * @param idle      the pass after that
     * @param drift     the pass after desiredCount of one service was changed behind the controller's back
     * @param driftRepairedAfter from the out-of-band change to the controller's UpdateService reaching moto
     * @param edit      the pass after one service's desiredCount was changed in the spec
     * @param notes     what was not measured, and why
     */
    record Result(int services, boolean ownLoadBalancers, Duration startup, int convergePasses,
                  Optional<Window.Figures> converge, Optional<Window.Figures> idle, Optional<Window.Figures> drift,
                  Optional<Duration> driftRepairedAfter, boolean driftRepaired, Optional<Window.Figures> edit,
                  long peakHeapMiB, long peakRssMiB, List<String> notes) {
    }

    Result run() throws IOException {
        Probes.resetPeaks();
        Path dir = Files.createTempDirectory("tracefleet-bench-" + services + "-");
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Path spec = specs.resolve("bench.yaml");
        Files.writeString(spec, SpecGenerator.spec(services, -1));
        List<String> notes = new ArrayList<>();
        try (LocalAws moto = LocalAws.start(LocalAwsSettings.defaults(SpecGenerator.REGION, dir.resolve("moto.log")));
             AwsProxy proxy = AwsProxy.start(moto.endpoint());
             AwsClients direct = AwsClients.create(AwsClientSettings.endpoint(moto.endpoint(),
                     Region.of(SpecGenerator.REGION)))) {
            Map<ThrottleBucket, Long> none = Map.of();
            Window convergeWindow = Window.open(proxy, () -> none);
            long startNanos = System.nanoTime();
            try (BenchController controller = new BenchController(proxy.endpoint(), specs)) {
                Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
                Supplier<Map<ThrottleBucket, Long>> buckets = () -> controller.wiring().calls().attemptsByBucket();
                int passes = 0;
                boolean synced = false;
                // The start-up pass runs by itself; more are asked for only while it left something undone.
                if (awaitStartupPass(controller)) {
                    passes = 1;
                    synced = controller.wiring().status().all().stream().allMatch(CycleResult::isSynced);
                } else {
                    notes.add("the start-up pass did not finish before the deadline; figures are what it did "
                            + "until then");
                }
                while (passes > 0 && !synced && passes < MAX_CONVERGE_PASSES) {
                    Optional<List<CycleResult>> results = await(controller.pass());
                    if (results.isEmpty()) {
                        notes.add("converge did not finish before the deadline; figures are what " + (passes + 1)
                                + " passes did until then");
                        break;
                    }
                    passes++;
                    synced = results.get().stream().allMatch(CycleResult::isSynced);
                }
                Window.Figures converge = convergeWindow.close(buckets);
                if (!synced) {
                    return new Result(services, SpecGenerator.ownLoadBalancers(services), startup, passes,
                            Optional.of(converge), Optional.empty(), Optional.empty(), Optional.empty(), false,
                            Optional.empty(), Probes.peakHeapMiB(), Probes.peakRssMiB(), notes);
                }
                Optional<Window.Figures> idle = measuredPass(controller, proxy, buckets, notes, "idle");

                Optional<Window.Figures> drift = Optional.empty();
                Optional<Duration> repairedAfter = Optional.empty();
                boolean repaired = false;
                if (idle.isPresent()) {
                    direct.ecs().updateService(r -> r.cluster(SpecGenerator.APPLICATION).service(DRIFTED)
                            .desiredCount(3));
                    long changed = System.nanoTime();
                    Window window = Window.open(proxy, buckets);
                    CompletableFuture<List<CycleResult>> pass = controller.pass();
                    io.tracefleet.testing.CallLog.Mark mark = proxy.mark();
                    while (!pass.isDone() && repairedAfter.isEmpty()) {
                        if (proxy.callsSince(mark).count("ecs", "UpdateService") > 0) {
                            repairedAfter = Optional.of(Duration.ofNanos(System.nanoTime() - changed));
                        }
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                    if (await(pass).isPresent()) {
                        drift = Optional.of(window.close());
                        if (repairedAfter.isEmpty() && drift.get().calls().count("ecs", "UpdateService") > 0) {
                            repairedAfter = Optional.of(drift.get().wall());
                        }
                        repaired = direct.ecs().describeServices(r -> r.cluster(SpecGenerator.APPLICATION)
                                .services(DRIFTED)).services().get(0).desiredCount() == 1;
                    } else {
                        notes.add("the drift pass did not finish before the deadline");
                    }
                }

                Optional<Window.Figures> edit = Optional.empty();
                if (drift.isPresent()) {
                    Files.writeString(spec, SpecGenerator.spec(services, 1));
                    edit = measuredPass(controller, proxy, buckets, notes, "edit");
                }
                return new Result(services, SpecGenerator.ownLoadBalancers(services), startup, passes,
                        Optional.of(converge), idle, drift, repairedAfter, repaired, edit, Probes.peakHeapMiB(),
                        Probes.peakRssMiB(), notes);
            }
        }
    }

    private boolean awaitStartupPass(BenchController controller) {
        while (controller.wiring().status().lastPassCompleted().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    private Optional<Window.Figures> measuredPass(BenchController controller, AwsProxy proxy,
                                                  Supplier<Map<ThrottleBucket, Long>> buckets, List<String> notes,
                                                  String what) {
        Window window = Window.open(proxy, buckets);
        if (await(controller.pass()).isEmpty()) {
            notes.add("the " + what + " pass did not finish before the deadline");
            return Optional.empty();
        }
        return Optional.of(window.close());
    }

    /** The pass's results, or empty when the deadline came first (the pass is left to finish on shutdown). */
    private Optional<List<CycleResult>> await(CompletableFuture<List<CycleResult>> pass) {
        Duration left = Duration.between(Instant.now(), deadline);
        try {
            return Optional.of(pass.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a pass failed", e.getCause());
        }
    }
}
