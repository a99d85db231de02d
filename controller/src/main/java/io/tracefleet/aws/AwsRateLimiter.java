package io.tracefleet.aws;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Client-side rate limiting: before every HTTP attempt (so the SDK's retries pay too, as they do
 * at AWS) the caller takes a token from the bucket of its service and read/write class, sized at
 * a share of AWS's account-wide bucket so that the console, CI and other tools keep the rest.
 * A caller waits for its token at most {@code maxWait}; beyond that the call fails with
 * {@link ClientThrottledException} rather than queueing without end. The wait happens inside the
 * SDK's attempt, so the API call timeouts bound it too.
 */
public final class AwsRateLimiter implements ExecutionInterceptor {

    public static final double DEFAULT_SHARE = 0.5;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);
    /**
     * How much earlier than planned a request may reach AWS (it travels faster than the one before it) without
     * finding AWS's bucket empty: the burst keeps back what AWS refills in this time. On a loaded 2-core machine, with
     * the whole ELB account bucket (10/s) as budget, arrivals closer than the 100 ms of one token drew throttles.
     */
    public static final Duration ARRIVAL_JITTER = Duration.ofMillis(200);

    private final Map<ThrottleBucket, Limited> buckets;
    private final long maxWaitNanos;
    private final Sleeper sleeper;
    /** How many controllers share the account's budget now: each call costs that many of this bucket's tokens. */
    private volatile java.util.function.IntSupplier sharedAmong = () -> 1;

    public AwsRateLimiter(Map<ThrottleBucket, BucketLimit> accountLimits, double share, Duration maxWait,
            Ticker ticker, Sleeper sleeper) {
        Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait is negative: " + maxWait);
        }
        this.maxWaitNanos = maxWait.toNanos();
        this.buckets = accountLimits.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new Limited(new TokenBucket(e.getValue().scaled(share, ARRIVAL_JITTER), ticker))));
    }

    /** This budget's share of AWS's documented buckets, waiting at most ten seconds, on the system clock. */
    public static AwsRateLimiter of(ApiBudget budget) {
        return new AwsRateLimiter(budget.accountLimits(), budget.share(), DEFAULT_MAX_WAIT, Ticker.system(),
                Sleeper.system());
    }

    /** AWS's documented buckets, half of each, waiting at most ten seconds, on the system clock. */
    public static AwsRateLimiter withDefaults() {
        return new AwsRateLimiter(AwsThrottleLimits.documented(), DEFAULT_SHARE, DEFAULT_MAX_WAIT,
                Ticker.system(), Sleeper.system());
    }

    /**
     * Splits the budget among the live controllers (sharding): with n of them, each call here costs n tokens, so
     * together they stay within the configured share.
     */
    public void shareAmong(java.util.function.IntSupplier controllers) {
        this.sharedAmong = Objects.requireNonNull(controllers);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AwsCallSite.operationOf(attributes).ifPresent(this::acquire);
    }

    /**
     * Takes a token for one call of {@code operation} from every bucket it draws from, waiting for the slowest if
     * need be, and returns how long it waited. Buckets without a configured limit pass freely.
     */
    public Duration acquire(AwsOperation operation) {
        long wait = 0;
        ThrottleBucket slowest = null;
        for (ThrottleBucket bucket : AwsThrottleLimits.bucketsOf(operation)) {
            Limited limited = buckets.get(bucket);
            if (limited == null) {
                continue;
            }
            // A refusal after an earlier bucket granted leaves that token taken: a call that never ran costs a
            // token, which errs on the slow side and keeps the buckets free of rollbacks.
            TokenBucket.Reservation reservation = limited.bucket.reserve(maxWaitNanos, sharedAmong.getAsInt());
            if (!reservation.granted()) {
                limited.rejected.increment();
                TokenWaits.refused(bucket, Duration.ofNanos(reservation.waitNanos()), Duration.ofNanos(maxWaitNanos));
                throw new ClientThrottledException(bucket, Duration.ofNanos(reservation.waitNanos()),
                        Duration.ofNanos(maxWaitNanos));
            }
            limited.record(reservation.waitNanos());
            if (reservation.waitNanos() >= wait) {
                wait = reservation.waitNanos();
                slowest = bucket;
            }
        }
        if (wait > 0) {
            try {
                TokenWaits.around(slowest, wait, sleeper);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AbortedException.builder().message("interrupted waiting for a " + slowest + " token")
                        .cause(e).build();
            }
        }
        TokenWaits.granted(operation);
        return Duration.ofNanos(wait);
    }

    /** The waits so far, per configured bucket. */
    public Map<ThrottleBucket, WaitStatistics> waitStatistics() {
        return buckets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ThrottleBucket::toString)))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().snapshot(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    public Optional<WaitStatistics> waitStatistics(ThrottleBucket bucket) {
        return Optional.ofNullable(buckets.get(bucket)).map(Limited::snapshot);
    }

    private static final class Limited {
        final TokenBucket bucket;
        final LongAdder calls = new LongAdder();
        final LongAdder delayed = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder totalWaitNanos = new LongAdder();
        final LongAccumulator longestWaitNanos = new LongAccumulator(Math::max, 0);

        Limited(TokenBucket bucket) {
            this.bucket = bucket;
        }

        void record(long waitNanos) {
            calls.increment();
            if (waitNanos > 0) {
                delayed.increment();
                totalWaitNanos.add(waitNanos);
                longestWaitNanos.accumulate(waitNanos);
            }
        }

        WaitStatistics snapshot() {
            return new WaitStatistics(calls.sum(), delayed.sum(), rejected.sum(),
                    Duration.ofNanos(totalWaitNanos.sum()), Duration.ofNanos(longestWaitNanos.get()));
        }
    }
}
