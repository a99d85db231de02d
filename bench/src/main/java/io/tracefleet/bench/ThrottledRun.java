package io.tracefleet.bench;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.AwsThrottleLimits;
import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.aws.WaitStatistics;
import io.tracefleet.local.LocalAws;
import io.tracefleet.local.LocalAwsSettings;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.AwsBuckets;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /** Empty: the same converge unthrottled, the proxy throttling nothing and the limiter off. */
    private final Optional<Double> share;
    private final Instant deadline;

    ThrottledRun(int services, double share, Instant deadline) {
        this(services, Optional.of(share), deadline);
    }

    private ThrottledRun(int services, Optional<Double> share, Instant deadline) {
        this.services = services;
        this.share = share;
        this.deadline = deadline;
    }

    /**
     * The same N converged with nothing throttled and nothing paced: the least a converge takes with this controller
     * on this moto, which no throttling can shorten.
     */
    static ThrottledRun unthrottled(int services, Instant deadline) {
        return new ThrottledRun(services, Optional.empty(), deadline);
    }

    /**
     * @param floorAtShare the floor at the budget's share of each bucket, from full buckets: the least the limiter
     *                     lets this window take, where {@code floor} is the least AWS's whole buckets allow
     * @param calls        the calls AWS answered (throttled ones take no token and are left out of the floor)
     * @param throttled    attempts the proxy throttled
     */
    record Measured(Duration wall, Duration inMoto, ApiBudget.Floor floor, ApiBudget.Floor floorAtShare, long calls,
                    long throttled) {
        Optional<Double> ratio() {
            return ratioTo(floor.duration());
        }

        Optional<Double> ratioTo(Duration bound) {
            return bound.isZero() ? Optional.empty() : Optional.of(wall.toNanos() / (double) bound.toNanos());
        }
    }

    /**
     * @param start   from creating the controller to its being up (Dropwizard started, the start-up pass begun): in
     *                the converge's wall time, and no bucket's doing
     * @param waits   the limiter's waits during the converge, per bucket that made a call wait
     */
    record Result(int services, double share, int convergePasses, Duration start, Optional<Measured> converge,
                  Optional<Measured> idle, Map<ThrottleBucket, WaitStatistics> waits, String note) {
    }

    /**
     * moto builds a service's backend on its first call (2 to 3 s each on this machine, seen in a per-call trace),
     * which AWS does not: one read per service, straight to moto and before the clock starts, keeps that cost out of
     * both the throttled and the unthrottled converge. It passes no proxy, so it spends none of AWS's tokens.
     */
    private static void warm(URI moto) {
        Region region = Region.of(SpecGenerator.REGION);
        try (AwsClients clients = AwsClients.create(AwsClientSettings.endpoint(moto, region))) {
            clients.ec2().describeVpcs();
            clients.ecs().listClusters();
            clients.elbv2().describeLoadBalancers();
            clients.iam().listRoles();
            clients.logs().describeLogGroups();
            clients.ecr().describeRepositories();
        }
    }

    Result run() throws IOException {
        Path dir = Files.createTempDirectory("tracefleet-bench-throttled-" + services + "-");
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.writeString(specs.resolve("bench.yaml"), SpecGenerator.spec(services, -1));
        double share = this.share.orElse(1.0);
        try (LocalAws moto = LocalAws.start(LocalAwsSettings.defaults(SpecGenerator.REGION, dir.resolve("moto.log")));
             AwsProxy proxy = AwsProxy.start(moto.endpoint())) {
            warm(moto.endpoint());
            AwsBuckets aws = AwsBuckets.documented();
            if (this.share.isPresent()) {
                proxy.throttleLikeAws(aws);
            }
            CallLog.Mark start = proxy.mark();
            long startNanos = System.nanoTime();
            try (BenchController controller = new BenchController(proxy.endpoint(), specs,
                    ConfigOverride.config("aws.rateLimited", String.valueOf(this.share.isPresent())),
                    ConfigOverride.config("apiBudgetShare", String.valueOf(share)))) {
                Duration up = Duration.ofNanos(System.nanoTime() - startNanos);
                int passes = 0;
                boolean synced = false;
                while (controller.wiring().status().lastPassCompleted().isEmpty()) {
                    if (Instant.now().isAfter(deadline)) {
                        return new Result(services, share, 0, up, Optional.empty(), Optional.empty(), Map.of(),
                                "the start-up pass did not finish before the deadline");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                passes = 1;
                synced = controller.wiring().status().all().stream().allMatch(CycleResult::isSynced);
                while (!synced && passes < MAX_CONVERGE_PASSES) {
                    Optional<List<CycleResult>> results = await(controller.pass());
                    if (results.isEmpty()) {
                        return new Result(services, share, passes, up, Optional.empty(), Optional.empty(), Map.of(),
                                "converge did not finish before the deadline");
                    }
                    passes++;
                    synced = results.get().stream().allMatch(CycleResult::isSynced);
                }
                Measured converge = measured(proxy.callsSince(start), Duration.ofNanos(System.nanoTime() - startNanos),
                        Map.of(), share);
                Map<ThrottleBucket, WaitStatistics> waits = delays(controller);
                if (!synced) {
                    return new Result(services, share, passes, up, Optional.of(converge), Optional.empty(), waits,
                            "not synced after " + passes + " passes");
                }
                // What AWS's buckets hold as the idle pass starts: the converge has just drained some of them.
                Map<ThrottleBucket, Double> held = aws.levels();
                CallLog.Mark idleMark = proxy.mark();
                long idleNanos = System.nanoTime();
                if (await(controller.pass()).isEmpty()) {
                    return new Result(services, share, passes, up, Optional.of(converge), Optional.empty(), waits,
                            "the idle pass did not finish before the deadline");
                }
                Measured idle = measured(proxy.callsSince(idleMark), Duration.ofNanos(System.nanoTime() - idleNanos),
                        held, share);
                return new Result(services, share, passes, up, Optional.of(converge), Optional.of(idle), waits,
                        aws.throttled() == 0 ? "" : "throttled by AWS's buckets: " + new java.util.TreeMap<>(
                                aws.throttledByBucket()));
            }
        }
    }

    /** The limiter's buckets that made a call wait so far, the longest summed wait first. */
    private static Map<ThrottleBucket, WaitStatistics> delays(BenchController controller) {
        Map<ThrottleBucket, WaitStatistics> delayed = new LinkedHashMap<>();
        controller.wiring().limiter().ifPresent(limiter -> limiter.waitStatistics().entrySet().stream()
                .filter(e -> e.getValue().delayedCalls() > 0)
                .sorted(Map.Entry.comparingByValue(Comparator.comparing(WaitStatistics::totalWait).reversed()))
                .forEach(e -> delayed.put(e.getKey(), e.getValue())));
        return delayed;
    }

    /** @param held the tokens AWS's buckets held at the window's start; a bucket not named was full */
    private static Measured measured(CallLog calls, Duration wall, Map<ThrottleBucket, Double> held, double share) {
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
        return new Measured(wall, inMoto, AWS.floorFrom(held, byBucket),
                new ApiBudget(AwsThrottleLimits.documented(), share).floorFromFull(byBucket), answered, throttled);
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
            | N | budget share | converge: wall · of it the controller's start · in moto · floor (bottleneck, its calls) · ratio · floor at the share (bottleneck) · ratio · unthrottled converge · ratio to max(floor, unthrottled) · throttled | idle: wall · in moto · floor from the buckets' levels (bottleneck, its calls) · ratio · unthrottled idle · ratio to max(floor, unthrottled) · throttled |
            | --- | --- | --- | --- |
            """;

    static final String WAITS_HEADER = """
            | N | budget share | the limiter's waits in the converge, by bucket: calls delayed / calls · waits summed · longest |
            | --- | --- | --- |
            """;

    /**
     * @param unthrottledConverge the same N's converge with nothing throttled or paced, if it was measured and synced
     * @param unthrottledIdle     the idle pass after it
     */
    static String row(Result r, Optional<Measured> unthrottledConverge, Optional<Measured> unthrottledIdle) {
        Optional<Duration> unthrottled = unthrottledConverge.map(Measured::wall);
        return "| " + r.services() + (SpecGenerator.ownLoadBalancers(r.services()) ? "" : " ¹") + " | "
                + String.format(Locale.ROOT, "%.1f", r.share()) + " | "
                + r.converge().map(m -> convergeCell(m, r.start(), unthrottled)
                        + (r.convergePasses() > 1 ? " (" + r.convergePasses() + " passes)" : ""))
                        .orElse("—")
                + " | " + r.idle().map(m -> idleCell(m, unthrottledIdle.map(Measured::wall))).orElse("—")
                + (r.note().isEmpty() ? "" : " (" + r.note() + ")") + " |";
    }

    static String waitsRow(Result r) {
        String waits = r.waits().isEmpty() ? "none"
                : r.waits().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s: %d / %d · %s · %s",
                        e.getKey(), e.getValue().delayedCalls(), e.getValue().calls(),
                        Report.s(e.getValue().totalWait()), Report.s(e.getValue().longestWait())))
                        .collect(java.util.stream.Collectors.joining("; "));
        return "| " + r.services() + " | " + String.format(Locale.ROOT, "%.1f", r.share()) + " | " + waits + " |";
    }

    private static String floor(Measured m) {
        return m.floor().duration().isZero() ? "0 (every bucket within what it held)"
                : Report.s(m.floor().duration()) + " ("
                        + m.floor().bottleneck().map(b -> b + ", " + m.floor().calls()).orElse("none") + ")";
    }

    private static String ratio(Optional<Double> ratio) {
        return ratio.map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("— (within bursts)");
    }

    private static String convergeCell(Measured m, Duration start, Optional<Duration> unthrottled) {
        ApiBudget.Floor atShare = m.floorAtShare();
        return String.join(" · ", Report.s(m.wall()), Report.s(start), Report.s(m.inMoto()), floor(m),
                ratio(m.ratio()), atShare.duration().isZero() ? "0" : Report.s(atShare.duration()) + " ("
                        + atShare.bottleneck().map(Object::toString).orElse("none") + ")",
                ratio(m.ratioTo(atShare.duration())), unthrottled.map(Report::s).orElse("—"),
                ratioToBound(m, unthrottled),
                String.valueOf(m.throttled()));
    }

    /**
     * An idle pass within the buckets' bursts has a floor of 0 and no ratio to it; set against the same pass
     * unthrottled, it still says what the throttling and the limiter cost it.
     */
    private static String idleCell(Measured m, Optional<Duration> unthrottled) {
        return String.join(" · ", Report.s(m.wall()), Report.s(m.inMoto()), floor(m), ratio(m.ratio()),
                unthrottled.map(Report::s).orElse("—"), ratioToBound(m, unthrottled), String.valueOf(m.throttled()));
    }

    /** The wall against max(floor, unthrottled): no throttling makes a window faster than it goes without any. */
    private static String ratioToBound(Measured m, Optional<Duration> unthrottled) {
        Duration floor = m.floor().duration();
        return unthrottled.map(u -> u.compareTo(floor) > 0 ? u : floor).flatMap(m::ratioTo)
                .map(x -> String.format(Locale.ROOT, "%.2f×", x)).orElse("—");
    }
}
