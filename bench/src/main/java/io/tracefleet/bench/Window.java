package io.tracefleet.bench;

import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A stretch of the run being measured: from {@link #open} to {@link #close}. */
final class Window {
    private final AwsProxy proxy;
    private final CallLog.Mark mark;
    private final long startedNanos = System.nanoTime();
    private final Duration cpuBefore = Probes.controllerCpu();
    private final Duration processCpuBefore = Probes.processCpu();
    private final Map<ThrottleBucket, Long> bucketsBefore;
    private final Supplier<Map<ThrottleBucket, Long>> buckets;

    private Window(AwsProxy proxy, Supplier<Map<ThrottleBucket, Long>> buckets) {
        this.proxy = proxy;
        this.mark = proxy.mark();
        this.buckets = buckets;
        this.bucketsBefore = buckets.get();
    }

    /** @param buckets the controller's HTTP attempts by throttle bucket so far (its AwsCallLog) */
    static Window open(AwsProxy proxy, Supplier<Map<ThrottleBucket, Long>> buckets) {
        return new Window(proxy, buckets);
    }

    Figures close(Supplier<Map<ThrottleBucket, Long>> bucketsNow) {
        Duration wall = Duration.ofNanos(System.nanoTime() - startedNanos);
        CallLog calls = proxy.callsSince(mark);
        Duration inMoto = calls.busy();
        Map<ThrottleBucket, Long> made = new HashMap<>(bucketsNow.get());
        bucketsBefore.forEach((bucket, n) -> made.merge(bucket, -n, Long::sum));
        return new Figures(wall, inMoto, Probes.controllerCpu().minus(cpuBefore),
                Probes.processCpu().minus(processCpuBefore), calls, made);
    }

    Figures close() {
        return close(buckets);
    }

    /**
     * @param controllerCpu CPU of the controller's threads; {@code processCpu} adds the proxy and the bench
     * @param buckets       HTTP attempts by throttle bucket, retries included (what a rate limiter charges)
     */
    record Figures(Duration wall, Duration inMoto, Duration controllerCpu, Duration processCpu, CallLog calls,
                   Map<ThrottleBucket, Long> buckets) {

        /** Wall time not spent waiting for moto: the controller's own share (plus the proxy's forwarding). */
        Duration outsideMoto() {
            Duration rest = wall.minus(inMoto);
            return rest.isNegative() ? Duration.ZERO : rest;
        }
    }
}
