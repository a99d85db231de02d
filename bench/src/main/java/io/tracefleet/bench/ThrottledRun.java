package io.tracefleet.bench;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.AwsThrottleLimits;
import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.local.LocalAws;
import io.tracefleet.local.LocalAwsSettings;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.AwsBuckets;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One N under AWS-shaped throttling: the proxy answers as AWS's buckets would (full at the start, AWS's published
 * figures), the controller paces itself with its limiter at a given share of the same figures, and each window's
 * time is set against the floor: the shortest time AWS's buckets allow for the calls that window made.
 */
final class ThrottledRun {
    private static final int MAX_CONVERGE_PASSES = 5;
    private static final ApiBudget AWS = new ApiBudget(AwsThrottleLimits.documented(), 1.0);

    private final int services;
    private final double share;
    private final Instant deadline;

    ThrottledRun(int services, double share, Instant deadline) {
        this.services = services;
        this.share = share;
        this.deadline = deadline;
    }

    /**
     * @param calls     the calls AWS answered (throttled ones take no token and are left out of the floor)
     * @param throttled attempts the proxy throttled
     */
    record Measured(Duration wall, Duration inMoto, ApiBudget.Floor floor, long calls, long throttled) {
        Optional<Double> ratio() {
            return floor.duration().isZero() ? Optional.empty()
                    : Optional.of(wall.toNanos() / (double) floor.duration().toNanos());
        }
    }

    record Result(int services, double share, int convergePasses, Optional<Measured> converge,
                  Optional<Measured> idle, String note) {
    }

    Result run() throws IOException {
        Path dir = Files.createTempDirectory("tracefleet-bench-throttled-" + services + "-");
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.writeString(specs.resolve("bench.yaml"), SpecGenerator.spec(services, -1));
        try (LocalAws moto = LocalAws.start(LocalAwsSettings.defaults(SpecGenerator.REGION, dir.resolve("moto.log")));
             AwsProxy proxy = AwsProxy.start(moto.endpoint())) {
            AwsBuckets aws = AwsBuckets.documented();
            proxy.throttleLikeAws(aws);
            CallLog.Mark start = proxy.mark();
            long startNanos = System.nanoTime();
            try (BenchController controller = new BenchController(proxy.endpoint(), specs,
                    Map.of("aws.rateLimited", "true", "apiBudgetShare", String.valueOf(share)))) {
                int passes = 0;
                boolean synced = false;
                while (controller.wiring().status().lastPassCompleted().isEmpty()) {
                    if (Instant.now().isAfter(deadline)) {
                        return new Result(services, share, 0, Optional.empty(), Optional.empty(),
                                "the start-up pass did not finish before the deadline");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                passes = 1;
                synced = controller.wiring().status().all().stream().allMatch(CycleResult::isSynced);
                while (!synced && passes < MAX_CONVERGE_PASSES) {
                    Optional<List<CycleResult>> results = await(controller.pass());
                    if (results.isEmpty()) {
                        return new Result(services, share, passes, Optional.empty(), Optional.empty(),
                                "converge did not finish before the deadline");
                    }
                    passes++;
                    synced = results.get().stream().allMatch(CycleResult::isSynced);
                }
                Measured converge = measured(proxy.callsSince(start), Duration.ofNanos(System.nanoTime() - startNanos));
                if (!synced) {
                    return new Result(services, share, passes, Optional.of(converge), Optional.empty(),
                            "not synced after " + passes + " passes");
                }
                CallLog.Mark idleMark = proxy.mark();
                long idleNanos = System.nanoTime();
                if (await(controller.pass()).isEmpty()) {
                    return new Result(services, share, passes, Optional.of(converge), Optional.empty(),
                            "the idle pass did not finish before the deadline");
                }
                Measured idle = measured(proxy.callsSince(idleMark), Duration.ofNanos(System.nanoTime() - idleNanos));
                return new Result(services, share, passes, Optional.of(converge), Optional.of(idle),
                        aws.throttled() == 0 ? "" : "throttled by AWS's buckets: " + new java.util.TreeMap<>(
                                aws.throttledByBucket()));
            }
        }
    }

    private static Measured measured(CallLog calls, Duration wall) {
        Map<ThrottleBucket, Long> byBucket = new HashMap<>();
        Duration inMoto = calls.busy();
        long answered = 0;
        long throttled = 0;
        for (AwsCall call : calls.calls()) {
            if (call.fault().isPresent()) {
                throttled++;
                continue;
            }
            Optional<AwsService> service = Arrays.stream(AwsService.values())
                    .filter(s -> s.iamPrefix().equals(call.service())).findFirst();
            if (service.isEmpty()) {
                continue;
            }
            answered++;
            AwsThrottleLimits.bucketsOf(AwsOperation.of(service.get(), call.operation()))
                    .forEach(bucket -> byBucket.merge(bucket, 1L, Long::sum));
        }
        return new Measured(wall, inMoto, AWS.floorFromFull(byBucket), answered, throttled);
    }

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

    static final String HEADER = """
            | N | budget share | converge: wall · in moto · floor (bottleneck, its calls) · ratio · throttled | idle: wall · in moto · floor (bottleneck, its calls) · ratio · throttled |
            | --- | --- | --- | --- |
            """;

    static String row(Result r) {
        return "| " + r.services() + (SpecGenerator.ownLoadBalancers(r.services()) ? "" : " ¹") + " | "
                + String.format(Locale.ROOT, "%.1f", r.share()) + " | "
                + r.converge().map(m -> cell(m) + (r.convergePasses() > 1 ? " (" + r.convergePasses() + " passes)" : ""))
                        .orElse("—")
                + " | " + r.idle().map(ThrottledRun::cell).orElse("—")
                + (r.note().isEmpty() ? "" : " (" + r.note() + ")") + " |";
    }

    private static String cell(Measured m) {
        String floor = m.floor().duration().isZero() ? "0 (every bucket within its capacity)"
                : Report.s(m.floor().duration()) + " ("
                        + m.floor().bottleneck().map(b -> b + ", " + m.floor().calls()).orElse("none") + ")";
        return String.join(" · ", Report.s(m.wall()), Report.s(m.inMoto()), floor,
                m.ratio().map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("— (within bursts)"),
                String.valueOf(m.throttled()));
    }
}
