package io.tracefleet.testing;

import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.AwsThrottleLimits;
import io.tracefleet.aws.BucketLimit;
import io.tracefleet.aws.ThrottleBucket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * AWS's side of request throttling, for the {@link AwsProxy}: one token bucket per bucket of the table (the same
 * ones {@link AwsThrottleLimits#bucketsOf} says a call draws from), full at the start, refilled continuously at its
 * rate up to its capacity. A call passes when every bucket it draws from holds a token, and then takes one from
 * each; otherwise it is throttled and takes nothing, as AWS answers a throttled request without doing it.
 */
public final class AwsBuckets {

    private final Map<ThrottleBucket, BucketLimit> limits;
    private final LongSupplier nanoTime;
    private final Map<ThrottleBucket, double[]> levels = new ConcurrentHashMap<>();
    private final Map<ThrottleBucket, LongAdder> throttled = new ConcurrentHashMap<>();
    private final long start;

    private AwsBuckets(Map<ThrottleBucket, BucketLimit> limits, LongSupplier nanoTime) {
        this.limits = Map.copyOf(limits);
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** AWS's published figures (and the table's marked guesses), in full: what one account gets. */
    public static AwsBuckets documented() {
        return of(AwsThrottleLimits.documented());
    }

    public static AwsBuckets of(Map<ThrottleBucket, BucketLimit> limits) {
        return new AwsBuckets(limits, System::nanoTime);
    }

    /** As {@link #of(Map)}, on {@code nanoTime}: a test replays calls at the times they were sent. */
    public static AwsBuckets of(Map<ThrottleBucket, BucketLimit> limits, LongSupplier nanoTime) {
        return new AwsBuckets(limits, nanoTime);
    }

    /**
     * Whether a call of {@code operation} (a SigV4 signing name, which for these services is also the IAM prefix)
     * is throttled now; if not, its tokens are taken.
     */
    public synchronized boolean throttles(String signingName, String operation) {
        Optional<AwsService> service = Arrays.stream(AwsService.values())
                .filter(s -> s.iamPrefix().equals(signingName)).findFirst();
        if (service.isEmpty()) {
            return false;
        }
        List<ThrottleBucket> buckets = AwsThrottleLimits.bucketsOf(AwsOperation.of(service.get(), operation))
                .stream().filter(limits::containsKey).toList();
        long now = nanoTime.getAsLong();
        for (ThrottleBucket bucket : buckets) {
            // A hair below one counts as one: the limiter's clock and this one round differently.
            if (refilled(bucket, now)[0] < 1 - 1e-6) {
                throttled.computeIfAbsent(bucket, b -> new LongAdder()).increment();
                return true;
            }
        }
        buckets.forEach(bucket -> levels.get(bucket)[0] -= 1);
        return false;
    }

    private double[] refilled(ThrottleBucket bucket, long now) {
        BucketLimit limit = limits.get(bucket);
        double[] level = levels.computeIfAbsent(bucket, b -> new double[] {limit.burst(), start});
        double elapsed = (now - (long) level[1]) / 1e9;
        level[0] = Math.min(limit.burst(), level[0] + elapsed * limit.sustainedPerSecond());
        level[1] = now;
        return level;
    }

    /**
     * The tokens each bucket holds now: what a window starting now can spend at once. A pass right after a converge
     * finds the buckets the converge drained, which the floor of that pass has to know.
     */
    public synchronized Map<ThrottleBucket, Double> levels() {
        long now = nanoTime.getAsLong();
        return limits.keySet().stream().collect(Collectors.toUnmodifiableMap(b -> b, b -> refilled(b, now)[0]));
    }

    /** Throttled calls so far, by the bucket that was empty. */
    public Map<String, Long> throttledByBucket() {
        return throttled.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(),
                e -> e.getValue().sum()));
    }

    public long throttled() {
        return throttled.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
